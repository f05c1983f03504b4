/**
 * The HSM contract, version 1 (DESIGN section 8): what the API functions send to the HSM function and what they
 * get back. Messages are JSON objects; every byte field is standard base64.
 *
 * ```
 * request   {"v":1,"op":"<op>", ...fields of the op}
 * success   {"v":1,"ok":true,"op":"<op>", ...result fields}
 * failure   {"v":1,"ok":false,"error":{"code":"InvalidCiphertext","httpStatus":400,"message":"..."}}
 * ```
 *
 * | op | request fields | result fields |
 * |---|---|---|
 * | capabilities | — | capabilities (HsmCapabilities) |
 * | generateKey | accountId, keyId, versionId, keySpec, keyUsage? | label, publicKey? (PEM) |
 * | encrypt | label, plaintext, aad | nonce, ciphertext, tag |
 * | decrypt | label, algorithm `AES_GCM`, nonce, ciphertext, tag, aad — or algorithm `RSAES_OAEP_*`, ciphertext | plaintext |
 * | sign | label, algorithm, digest | signature |
 * | verify | label, algorithm, digest, signature | valid |
 * | getPublicKey | label | publicKey |
 * | destroyKey | label | destroyed (number of objects) |
 *
 * A new field or op that an older peer could not ignore gets a new version; parsers refuse unknown versions,
 * ops and fields.
 */
import type { EncryptionAlgorithm, KeySpec, KeyUsage, SigningAlgorithm } from "../keys/types";
import type { HsmCapabilities } from "./HsmDriver";

/** The contract version this code speaks. */
export const HSM_CONTRACT_VERSION = 1;

/** Every op of version 1. */
export const HSM_OPS = [
  "capabilities",
  "generateKey",
  "encrypt",
  "decrypt",
  "sign",
  "verify",
  "getPublicKey",
  "destroyKey",
] as const;
export type HsmOp = (typeof HSM_OPS)[number];

/** A decryption: AES-GCM of a symmetric key, or RSA-OAEP of an asymmetric one. */
export type HsmDecryptRequest =
  | {
      readonly op: "decrypt";
      readonly label: string;
      readonly algorithm: "AES_GCM";
      readonly nonce: Uint8Array;
      readonly ciphertext: Uint8Array;
      readonly tag: Uint8Array;
      readonly aad: Uint8Array;
    }
  | {
      readonly op: "decrypt";
      readonly label: string;
      readonly algorithm: EncryptionAlgorithm;
      readonly ciphertext: Uint8Array;
    };

/** A request of the contract, bytes decoded. */
export type HsmRequest =
  | { readonly op: "capabilities" }
  | {
      readonly op: "generateKey";
      readonly accountId: string;
      readonly keyId: string;
      readonly versionId: string;
      readonly keySpec: KeySpec;
      readonly keyUsage?: KeyUsage;
    }
  | {
      readonly op: "encrypt";
      readonly label: string;
      readonly plaintext: Uint8Array;
      readonly aad: Uint8Array;
    }
  | HsmDecryptRequest
  | {
      readonly op: "sign";
      readonly label: string;
      readonly algorithm: SigningAlgorithm;
      readonly digest: Uint8Array;
    }
  | {
      readonly op: "verify";
      readonly label: string;
      readonly algorithm: SigningAlgorithm;
      readonly digest: Uint8Array;
      readonly signature: Uint8Array;
    }
  | { readonly op: "getPublicKey"; readonly label: string }
  | { readonly op: "destroyKey"; readonly label: string };

/** The result of each op, bytes decoded. */
export interface HsmResults {
  capabilities: { readonly capabilities: HsmCapabilities };
  generateKey: { readonly label: string; readonly publicKey?: string };
  encrypt: { readonly nonce: Uint8Array; readonly ciphertext: Uint8Array; readonly tag: Uint8Array };
  decrypt: { readonly plaintext: Uint8Array };
  sign: { readonly signature: Uint8Array };
  verify: { readonly valid: boolean };
  getPublicKey: { readonly publicKey: string };
  destroyKey: { readonly destroyed: number };
}

/** The result type of a request type. */
export type HsmResultOf<R extends HsmRequest> = HsmResults[R["op"]];

/** A KmsError as it travels in a failure response. */
export interface HsmWireError {
  readonly code: string;
  readonly httpStatus: number;
  readonly message: string;
}
