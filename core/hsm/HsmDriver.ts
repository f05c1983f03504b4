import type { SealedData } from "../crypto/CryptoProvider";
import type { KeyVersionIdentity } from "../keys/KeyRecord";
import type { EncryptionAlgorithm, KeyUsage, SigningAlgorithm } from "../keys/types";
import type { HsmCurve } from "./hsmKeyShape";

/** Who generates the AES-GCM IV: the caller (SoftHSM, most HSMs) or the HSM itself (AWS CloudHSM). */
export type GcmIvSource = "caller" | "hsm";

/** The RSA-OAEP hash functions (OAEP hash and MGF1 hash alike) an HSM decrypts with. */
export type OaepHash = "SHA_1" | "SHA_256";

/**
 * What an HSM can do (DESIGN section 1: "the HSM function reports its mechanism list"). Mechanisms come from
 * C_GetMechanismList; OAEP hashes and curves are probed with session objects, since a listed mechanism may still
 * refuse a parameter (SoftHSM 2.6 lists CKM_RSA_PKCS_OAEP but answers SHA-256 with CKR_ARGUMENTS_BAD).
 */
export interface HsmCapabilities {
  /** C_GetInfo: library manufacturer and description, library and Cryptoki versions. */
  readonly library: { readonly manufacturer: string; readonly description: string; readonly version: string };
  /** C_GetTokenInfo of the token in use. */
  readonly token: { readonly label: string; readonly manufacturer: string; readonly model: string };
  /** The token's mechanisms by `CKM_*` name (hex for vendor-defined ones). */
  readonly mechanisms: readonly string[];
  readonly gcmIv: GcmIvSource;
  readonly rsaOaepHashes: readonly OaepHash[];
  readonly ecCurves: readonly HsmCurve[];
}

/** A key version the HSM just created: its label (MaterialRef `hsm`) and, if asymmetric, its public key. */
export interface HsmGeneratedKey {
  readonly label: string;
  /** PEM SubjectPublicKeyInfo. */
  readonly publicKey?: string;
}

/**
 * The operations of one HSM, as the HSM contract carries them (DESIGN section 8). Implemented by Pkcs11Driver;
 * handleHsmRequest runs requests against it. Every method throws KmsErrors only.
 */
export interface HsmDriver {
  /** The HSM's capabilities (computed once, then cached). */
  capabilities(): Promise<HsmCapabilities>;
  /** Creates a key version's material as sensitive, non-extractable token objects. */
  generateKey(identity: KeyVersionIdentity, usage?: KeyUsage): Promise<HsmGeneratedKey>;
  /** AES-GCM with a 96-bit IV and a 128-bit tag; returns the IV used (the caller's `iv`, a fresh one, or the HSM's). */
  encrypt(label: string, plaintext: Uint8Array, aad: Uint8Array, iv?: Uint8Array): Promise<SealedData>;
  /** AES-GCM decryption; a wrong tag, IV or AAD is InvalidCiphertextError. */
  decrypt(label: string, sealed: SealedData, aad: Uint8Array): Promise<Uint8Array>;
  /** RSA-OAEP decryption; a ciphertext that does not decrypt is InvalidCiphertextError. */
  asymmetricDecrypt(
    label: string,
    algorithm: EncryptionAlgorithm,
    ciphertext: Uint8Array,
  ): Promise<Uint8Array>;
  /** Signs a SHA-256 digest: RSA raw, ECDSA DER. */
  sign(label: string, algorithm: SigningAlgorithm, digest: Uint8Array): Promise<Uint8Array>;
  /** Verifies a signature over a digest with the public half; false when it does not verify. */
  verify(
    label: string,
    algorithm: SigningAlgorithm,
    digest: Uint8Array,
    signature: Uint8Array,
  ): Promise<boolean>;
  /** The public key as PEM SubjectPublicKeyInfo. */
  getPublicKey(label: string): Promise<string>;
  /** Destroys every object of the key version; returns how many there were (0 when already gone). */
  destroyKey(label: string): Promise<number>;
  /** Closes the sessions and gives the library back. */
  close(): Promise<void>;
}
