/**
 * Asymmetric cryptography of Keyward (DESIGN sections 1 and 3): RSA, ECDSA, SM2, SM3, key generation and public keys.
 * Stub: the signatures are final, the bodies are being implemented.
 */
import { InternalFailureError } from "../../errors";
import type { EncryptionAlgorithm, KeySpec, SigningAlgorithm } from "../../keys/types";

/** Generates a key pair of an asymmetric KeySpec. */
export async function generateKeyPair(
  _spec: KeySpec,
): Promise<{ privateKey: Uint8Array; publicKeyPem: string }> {
  throw new InternalFailureError();
}

/** Decrypts an asymmetric ciphertext. */
export function asymmetricDecrypt(
  _spec: KeySpec,
  _algorithm: EncryptionAlgorithm,
  _privateKey: Uint8Array,
  _ciphertext: Uint8Array,
): Uint8Array {
  throw new InternalFailureError();
}

/** Signs a precomputed digest. */
export function signDigest(
  _spec: KeySpec,
  _algorithm: SigningAlgorithm,
  _privateKey: Uint8Array,
  _digest: Uint8Array,
): Uint8Array {
  throw new InternalFailureError();
}

/** Encrypts with a public key. */
export function asymmetricEncrypt(
  _spec: KeySpec,
  _algorithm: EncryptionAlgorithm,
  _publicKeyPem: string,
  _plaintext: Uint8Array,
): Uint8Array {
  throw new InternalFailureError();
}

/** Verifies a signature over a precomputed digest. */
export function verifyDigest(
  _spec: KeySpec,
  _algorithm: SigningAlgorithm,
  _publicKeyPem: string,
  _digest: Uint8Array,
  _signature: Uint8Array,
): boolean {
  throw new InternalFailureError();
}

/** SM3 hash (GB/T 32905-2016). */
export function sm3(_data: Uint8Array): Uint8Array {
  throw new InternalFailureError();
}

/** SM3(Z_A || M) for SM2DSA, default user ID 1234567812345678. */
export function sm2SigningDigest(_publicKeyPem: string, _message: Uint8Array, _userId?: string): Uint8Array {
  throw new InternalFailureError();
}
