import pkcs11js from "pkcs11js";

/**
 * Names of PKCS#11 numbers (PKCS#11 v2.40 `CKM_*` mechanisms and `CKR_*` return values), built once from the
 * constants pkcs11js exports, so logs and capabilities speak the standard's names instead of numbers.
 */
function reverseMap(prefix: string, preferred: readonly string[]): ReadonlyMap<number, string> {
  const names = new Map<number, string>();
  const constants = pkcs11js as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(constants)) {
    if (name.startsWith(prefix) && typeof value === "number" && !names.has(value)) names.set(value, name);
  }
  for (const name of preferred) {
    const value = constants[name];
    if (typeof value === "number") names.set(value, name);
  }
  return names;
}

// CKM_ECDSA_KEY_PAIR_GEN and CKM_EC_KEY_PAIR_GEN share a number; v2.40 deprecates the former.
const MECHANISM_NAMES = reverseMap("CKM_", ["CKM_EC_KEY_PAIR_GEN"]);
const RETURN_VALUE_NAMES = reverseMap("CKR_", []);
const MECHANISM_NUMBERS: ReadonlyMap<string, number> = new Map(
  [...MECHANISM_NAMES].map(([value, name]) => [name, value]),
);

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, "0")}`;
}

/** The `CKM_*` name of a mechanism number, or its hex form for vendor-defined mechanisms (`0x80000001`). */
export function mechanismName(mechanism: number): string {
  return MECHANISM_NAMES.get(mechanism) ?? hex(mechanism);
}

/** The number of a `CKM_*` name, or undefined when pkcs11js does not know the name. */
export function mechanismNumber(name: string): number | undefined {
  return MECHANISM_NUMBERS.get(name);
}

/** The `CKR_*` name of a PKCS#11 return value, or its hex form when pkcs11js does not know it. */
export function returnValueName(code: number): string {
  return RETURN_VALUE_NAMES.get(code) ?? hex(code);
}
