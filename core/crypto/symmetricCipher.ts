import { InternalCryptoError, UnsupportedOperationError } from "../errors";
import { keySpecInfo } from "../keys/keySpecs";
import type { KeySpec, SymmetricSuite } from "../keys/types";
import { type AeadSealed, aesGcmOpen, aesGcmSeal } from "./aesGcm";
import { sm4GcmOpen, sm4GcmSeal } from "./sm4Gcm";

/** The software AEAD of one symmetric KeySpec: its blob suite, key length, and seal/open bound to both. */
export interface SymmetricCipher {
  readonly suite: SymmetricSuite;
  readonly keyBytes: number;
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): AeadSealed;
  open(
    key: Uint8Array,
    nonce: Uint8Array,
    ciphertext: Uint8Array,
    tag: Uint8Array,
    aad: Uint8Array,
  ): Uint8Array;
}

const SUITES = {
  AES_GCM: { seal: aesGcmSeal, open: aesGcmOpen },
  SM4_GCM: { seal: sm4GcmSeal, open: sm4GcmOpen },
} as const;

/**
 * The AEAD of a symmetric KeySpec, from the KeySpec registry (DESIGN section 1): AES-GCM for `Aliyun_AES_*` (the
 * key length picks AES-128/192/256), SM4-GCM for `Aliyun_SM4`. Its seal and open refuse a key whose length is not
 * the KeySpec's, so AES-256 material can never be used as AES-128 by mistake.
 * @throws UnsupportedOperationError when the KeySpec is asymmetric.
 */
export function symmetricCipherOf(spec: KeySpec): SymmetricCipher {
  let cipher = CIPHERS.get(spec);
  if (cipher === undefined) {
    cipher = cipherOf(spec);
    CIPHERS.set(spec, cipher);
  }
  return cipher;
}

/** One cipher per KeySpec, built on first use (every Encrypt and Decrypt asks for one). */
const CIPHERS = new Map<KeySpec, SymmetricCipher>();

function cipherOf(spec: KeySpec): SymmetricCipher {
  const symmetric = keySpecInfo(spec).symmetric;
  /* Precondition: symmetric encryption needs a symmetric KeySpec. */
  if (symmetric === undefined) {
    throw new UnsupportedOperationError(`A key of KeySpec ${spec} cannot be used for symmetric encryption.`);
  }
  const { suite, keyBytes } = symmetric;
  const checked = (key: Uint8Array) => {
    /* Precondition: the material has the KeySpec's key length. */
    if (key.length !== keyBytes)
      throw new InternalCryptoError(`material of ${spec} is not ${keyBytes} bytes`);
    return key;
  };
  return {
    suite,
    keyBytes,
    seal: (key, nonce, plaintext, aad) => SUITES[suite].seal(checked(key), nonce, plaintext, aad),
    open: (key, nonce, ciphertext, tag, aad) => SUITES[suite].open(checked(key), nonce, ciphertext, tag, aad),
  };
}
