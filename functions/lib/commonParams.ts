import { KEY_SPEC_REGISTRY } from "../../core/keys/keySpecs";
import { ENCRYPTION_ALGORITHMS } from "../../core/keys/types";
import { stringMap } from "./jsonParamTypes";
import { base64, boolean, integer, oneOf, text } from "./paramTypes";
import { optional, required, withDefault } from "./schema";

/**
 * Parameters and limits shared by many operations of functions/operations.ts, declared once so every operation
 * states them identically.
 */

/** Encrypt takes an opaque UTF-8 Plaintext of at most 6 KiB (reference section 3; DESIGN section 3). */
export const MAX_ENCRYPT_PLAINTEXT_BYTES = 6144;

/**
 * The largest symmetric CiphertextBlob: the 48-byte header, the largest Encrypt plaintext and the 16-byte tag
 * (DESIGN section 4). Data keys (at most 1024 bytes, sealed as base64 text) are far smaller.
 */
export const MAX_SYMMETRIC_BLOB_BYTES = 48 + MAX_ENCRYPT_PLAINTEXT_BYTES + 16;

const encryptionLimits = Object.values(KEY_SPEC_REGISTRY).flatMap((info) =>
  Object.values(info.encryption ?? {}),
);

/** The largest asymmetric plaintext any KeySpec accepts (SM2PKE: 6047 bytes); each key then applies its own. */
export const MAX_ASYMMETRIC_PLAINTEXT_BYTES = Math.max(...encryptionLimits.map((l) => l.maxPlaintextBytes));

/** The largest asymmetric ciphertext any KeySpec produces (SM2PKE in DER); each key then applies its own. */
export const MAX_ASYMMETRIC_CIPHERTEXT_BYTES = Math.max(...encryptionLimits.map((l) => l.maxCiphertextBytes));

/** Key names: a KeyId, an alias or an ARN (reference section 1). */
export const keyNameText = text({ max: 2048 });

/** The `KeyId` parameter: which key, by KeyId, alias (`alias/...`) or ARN. */
export const keyId = required("KeyId", keyNameText, "The key: its KeyId, an alias (alias/...) or its ARN.");

/** The `KeyVersionId` parameter (asymmetric keys have no primary version: callers always name one). */
export const keyVersionId = required("KeyVersionId", text({ max: 128 }), "The key version.");

/** `AliasName`: `alias/` and letters, digits, `_ - /`; 255 characters in all. */
export const aliasName = required(
  "AliasName",
  text({
    max: 255,
    pattern: /^alias\/[A-Za-z0-9_\-/]+$/,
    patternHint: "alias/ followed by letters, digits, _ - /",
  }),
  "The alias name, alias/<name> (names starting alias/acs are reserved for service keys).",
);

/** `PageNumber`, from 1. */
export const pageNumber = withDefault(
  "PageNumber",
  integer({ min: 1, max: 2_147_483_647 }),
  1,
  "The page, from 1.",
);

/** `PageSize`, 1-100, default 10. */
export const pageSize = withDefault("PageSize", integer({ min: 1, max: 100 }), 10, "Entries per page.");

/** An EncryptionContext-style parameter: a flat JSON object of strings, at most 8192 characters. */
export function encryptionContext(wire: string, description: string) {
  return optional(wire, stringMap({ maxChars: 8192 }), description);
}

/** The `DryRun` flag of the cryptographic operations and GetPublicKey. */
export const dryRun = withDefault(
  "DryRun",
  boolean(),
  false,
  "Check the request without the cryptographic operation: DryRunOperation when its parameters, the key, its state and usage pass (a ciphertext that would not open is not detected).",
);

/** `RotationInterval`: `<integer><d|h|m|s>`, for example `365d` or `604800s`. */
export const rotationInterval = optional(
  "RotationInterval",
  text({ max: 16, pattern: /^[1-9][0-9]{0,9}[dhms]$/, patternHint: "<integer><d|h|m|s>" }),
  "The automatic rotation interval, 7 to 730 days (required when rotation is enabled).",
);

/** `Algorithm` of AsymmetricEncrypt/Decrypt. */
export const encryptionAlgorithm = required(
  "Algorithm",
  oneOf(ENCRYPTION_ALGORITHMS),
  "The encryption algorithm.",
);

/** The caller's public key for ExportDataKey and GenerateAndExportDataKey. */
export const publicKeyBlob = required(
  "PublicKeyBlob",
  base64({ max: 4096 }),
  "The public key that wraps the data key: base64 of its DER SubjectPublicKeyInfo (the body of a PEM public key).",
);

/** The data-key length parameters of the GenerateDataKey family. */
export const dataKeyParams = {
  keySpec: optional("KeySpec", oneOf(["AES_256", "AES_128"]), "The data key length (NumberOfBytes wins)."),
  numberOfBytes: optional(
    "NumberOfBytes",
    integer({ min: 1, max: 1024 }),
    "The data key length in bytes (default 32, or 16 for AES_128).",
  ),
} as const;
