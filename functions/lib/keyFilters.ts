import { InvalidParameterError } from "../../core/errors";
import { CREATOR_TYPES, KEY_SPECS, KEY_STATES, KEY_USAGES, PROTECTION_LEVELS } from "../../core/keys/types";
import type { KeyListFilter } from "../../core/store/KeyRepository";
import { isObject, parseJson } from "./jsonParamTypes";
import type { ParamType } from "./schema";

/** The ListKeys filter names Keyward supports and their values (reference section 3, ListKeys). */
const FILTERS = {
  KeyState: ["keyState", KEY_STATES],
  KeySpec: ["keySpec", KEY_SPECS],
  KeyUsage: ["keyUsage", KEY_USAGES],
  ProtectionLevel: ["protectionLevel", PROTECTION_LEVELS],
  CreatorType: ["creatorType", CREATOR_TYPES],
} as const satisfies Record<string, readonly [keyof KeyListFilter, readonly string[]]>;

/**
 * ListKeys filters, `[{"Key":"KeyState","Values":["Enabled"]}, ...]`: at most 10 entries with distinct keys, each
 * with 1 to 10 values; AND across keys, OR within one key's values.
 * @throws InvalidParameterError when the JSON, a key or a value is not acceptable.
 */
export function keyFilters(): ParamType<KeyListFilter> {
  return {
    summary: `JSON [{"Key","Values":[...]}], at most 10; keys ${Object.keys(FILTERS).join(", ")}`,
    parse(raw, wire) {
      const value = parseJson(raw, wire, 4096);
      /* Precondition: Filters is a JSON array of at most 10 entries. */
      if (!Array.isArray(value) || value.length > 10) {
        throw new InvalidParameterError(wire, "It must be a JSON array of at most 10 filters.");
      }
      const filter: Record<string, readonly string[]> = {};
      for (const entry of value) {
        /* Precondition: no filter by KMS instance (Keyward has none). */
        if (isObject(entry) && entry.Key === "DKMSInstanceId") {
          throw new InvalidParameterError(
            wire,
            "Keyward has no dedicated KMS instances to filter by (DKMSInstanceId).",
          );
        }
        const known = isObject(entry) && typeof entry.Key === "string" && Object.hasOwn(FILTERS, entry.Key);
        /* Precondition: each filter names a supported key once, with 1 to 10 valid values. */
        if (!known || Object.keys(entry).sort().join() !== "Key,Values") {
          throw new InvalidParameterError(
            wire,
            `Each filter is {"Key","Values"}, Key one of ${Object.keys(FILTERS).join(", ")}.`,
          );
        }
        const [name, allowed] = FILTERS[entry.Key as keyof typeof FILTERS];
        const values = entry.Values;
        const valid = Array.isArray(values) && values.length >= 1 && values.length <= 10;
        if (!valid || !values.every((v) => (allowed as readonly unknown[]).includes(v)) || filter[name]) {
          throw new InvalidParameterError(
            wire,
            `Filter ${entry.Key} takes 1 to 10 of: ${allowed.join(", ")}.`,
          );
        }
        filter[name] = Object.freeze([...values] as string[]);
      }
      return Object.freeze(filter) as KeyListFilter;
    },
  };
}
