import type { KeyVersionIdentity, MaterialRef } from "../keys/KeyRecord";
import type {
  EncryptionAlgorithm,
  KeySpec,
  KeyUsage,
  ProtectionLevel,
  SigningAlgorithm,
} from "../keys/types";

/** A key version as a crypto provider needs it: who it is and where its material lives. */
export interface KeyVersionHandle extends KeyVersionIdentity {
  readonly material: MaterialRef;
  /** Asymmetric keys: the public key PEM (public-key operations never need the private key). */
  readonly publicKey?: string;
}

/** The output of a symmetric AEAD encryption: the blob's nonce, ciphertext and tag (DESIGN section 4). */
export interface SealedData {
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

/** A freshly generated key version's material, ready to be stored. */
export interface GeneratedMaterial {
  readonly material: MaterialRef;
  /** Asymmetric keys: PEM SubjectPublicKeyInfo. */
  readonly publicKey?: string;
}

/**
 * The cryptography of one protection level (STYLE rule 6): SOFTWARE runs in-process, HSM goes through HsmClient.
 * Services pick the provider by the key's protection level and never see key material.
 *
 * Every method throws KmsErrors only: a failed authentication is InvalidCiphertextError, an algorithm the
 * provider cannot serve is RejectedUnsupportedOperationError.
 */
export interface CryptoProvider {
  readonly protectionLevel: ProtectionLevel;
  /** Throws RejectedUnsupportedOperationError naming what is missing when this provider cannot hold such a key. */
  assertCanCreate(spec: KeySpec, usage: KeyUsage): Promise<void>;
  /**
   * Creates the material of a new key version. `usage` (which the services always give) lets an HSM restrict the
   * key to it: an RSA key for SIGN/VERIFY is created without the decrypt right.
   */
  generate(identity: KeyVersionIdentity, usage?: KeyUsage): Promise<GeneratedMaterial>;
  /** AEAD-encrypts with a symmetric key version: AES-GCM or SM4-GCM by KeySpec, 12-byte nonce, 16-byte tag. */
  encrypt(key: KeyVersionHandle, plaintext: Uint8Array, aad: Uint8Array): Promise<SealedData>;
  /** AEAD-decrypts; a wrong tag, nonce or associated data is InvalidCiphertextError. */
  decrypt(key: KeyVersionHandle, sealed: SealedData, aad: Uint8Array): Promise<Uint8Array>;
  /**
   * Throws RejectedUnsupportedOperationError naming what is missing when this provider cannot decrypt `algorithm`
   * (an HSM without OAEP with SHA-256), so AsymmetricEncrypt refuses to make a ciphertext the key can never open.
   * Absent: the provider decrypts every algorithm its KeySpecs allow.
   */
  assertCanDecrypt?(algorithm: EncryptionAlgorithm): Promise<void>;
  /** Decrypts an asymmetric ciphertext (RSA-OAEP or SM2PKE). */
  asymmetricDecrypt(
    key: KeyVersionHandle,
    algorithm: EncryptionAlgorithm,
    ciphertext: Uint8Array,
  ): Promise<Uint8Array>;
  /** Signs a digest the caller computed. RSA signatures are raw; ECDSA and SM2DSA are DER. */
  sign(key: KeyVersionHandle, algorithm: SigningAlgorithm, digest: Uint8Array): Promise<Uint8Array>;
  /** Destroys the material (HSM objects); a no-op where the material is only the wrapped bytes in the record. */
  destroy(key: KeyVersionHandle): Promise<void>;
}
