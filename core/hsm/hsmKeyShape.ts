import { keySpecInfo } from "../keys/keySpecs";
import type { KeySpec } from "../keys/types";

/** The elliptic curves the HSM path serves, by their JWK / node:crypto name. */
export type HsmCurve = "P-256" | "secp256k1";

/** The named-curve OIDs as DER, the value of CKA_EC_PARAMS (PKCS#11 v2.40 section 2.3.3; RFC 5480, SEC 2). */
export const CURVE_PARAMS: Readonly<Record<HsmCurve, string>> = {
  "P-256": "06082a8648ce3d030107", // 1.2.840.10045.3.1.7 prime256v1
  secp256k1: "06052b8104000a", // 1.3.132.0.10
};

/** The curve whose CKA_EC_PARAMS are `params` (DER OID), or undefined for curves Keyward does not serve. */
export function curveOfParams(params: Uint8Array): HsmCurve | undefined {
  const hex = Buffer.from(params).toString("hex");
  return (Object.keys(CURVE_PARAMS) as HsmCurve[]).find((curve) => CURVE_PARAMS[curve] === hex);
}

/** What kind of HSM object a KeySpec becomes. */
export type HsmKeyShape =
  | { readonly kind: "aes"; readonly bytes: 16 | 24 | 32 }
  | { readonly kind: "rsa"; readonly bits: 2048 | 3072 }
  | { readonly kind: "ec"; readonly curve: HsmCurve };

/**
 * The HSM object a KeySpec maps to (DESIGN section 1, the HSM column), or undefined for the SM specs: PKCS#11
 * v2.40 defines no SM2/SM4 mechanism and the driver speaks no vendor extension.
 */
export function hsmKeyShape(spec: KeySpec): HsmKeyShape | undefined {
  switch (spec) {
    case "Aliyun_AES_128":
    case "Aliyun_AES_192":
    case "Aliyun_AES_256":
      return { kind: "aes", bytes: keySpecInfo(spec).symmetric?.keyBytes ?? 32 };
    case "RSA_2048":
      return { kind: "rsa", bits: 2048 };
    case "RSA_3072":
      return { kind: "rsa", bits: 3072 };
    case "EC_P256":
      return { kind: "ec", curve: "P-256" };
    case "EC_P256K":
      return { kind: "ec", curve: "secp256k1" };
    case "Aliyun_SM4":
    case "EC_SM2":
      return undefined;
  }
}
