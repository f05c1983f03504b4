import { timingSafeEqual } from "node:crypto";
import { InternalFailureError, InvalidCiphertextError } from "../../errors";
import { multiplyPoint } from "./ecArithmetic";
import { EC_CURVES } from "./ecCurves";
import { drawEphemeralKey } from "./ecKeyPair";
import { normalizeEcPoint } from "./ecPoint";
import { decodeEcPrivateKey } from "./ecPrivateKey";
import { readEcPublicKey } from "./ecPublicKey";
import { decodeSm2Ciphertext, encodeSm2Ciphertext } from "./sm2Ciphertext";
import { sm2Kdf } from "./sm2Kdf";
import { sm3Concat } from "./sm3";

const SM2 = EC_CURVES.EC_SM2;

function isAllZero(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte === 0);
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((byte, i) => byte ^ (b[i] ?? 0));
}

/**
 * SM2PKE encryption (GB/T 32918.4-2016 section 6.1), written as GM/T 0009 DER. The ephemeral k and C1 = k·G come
 * from OpenSSL's key generation on the SM2 curve, (x2, y2) = k·P from OpenSSL too (multiplyPoint), the KDF and C3
 * from node's SM3. A t of all zeros draws a new k (step A5), so a strict decryptor never refuses our output.
 * The caller checks the plaintext length (1 to 6047 bytes).
 * @throws InternalFailureError when the public key is not a valid SM2 key.
 */
export function sm2Encrypt(publicKeyPem: string, plaintext: Uint8Array): Uint8Array {
  const point = readEcPublicKey("EC_SM2", publicKeyPem, () => new InternalFailureError());
  for (;;) {
    const ephemeral = drawEphemeralKey(SM2);
    const shared = multiplyPoint(SM2, ephemeral.scalar, point);
    ephemeral.scalar.fill(0);
    const x2 = shared.subarray(1, 33);
    const y2 = shared.subarray(33, 65);
    const t = sm2Kdf(shared.subarray(1), plaintext.length);
    try {
      if (isAllZero(t)) continue;
      const c3 = sm3Concat(x2, plaintext, y2);
      return encodeSm2Ciphertext({ c1: ephemeral.point, c3, c2: xor(plaintext, t) });
    } finally {
      t.fill(0);
      shared.fill(0);
    }
  }
}

/**
 * SM2PKE decryption (GB/T 32918.4-2016 section 7.1) of a DER or raw C1C3C2 ciphertext (see `decodeSm2Ciphertext`).
 * C1 must be on the curve (step B1), (x2, y2) = d·C1 comes from OpenSSL (multiplyPoint, B3), t must not be all zeros
 * (B4), and C3 is compared in constant time (B6); every failure throws.
 * @throws InvalidCiphertextError when the ciphertext is malformed or does not decrypt under this key;
 *   InternalFailureError when the material is not an SM2 PKCS#8 key.
 */
export function sm2Decrypt(privateKey: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const { c1, c3, c2 } = decodeSm2Ciphertext(ciphertext);
  const fail = () => new InvalidCiphertextError();
  const c1Point = normalizeEcPoint("EC_SM2", c1, fail);
  const scalar = decodeEcPrivateKey(SM2, privateKey);
  const shared = multiplyPoint(SM2, scalar, c1Point);
  const t = sm2Kdf(shared.subarray(1), c2.length);
  try {
    if (isAllZero(t)) throw fail();
    const plaintext = xor(c2, t);
    const u = sm3Concat(shared.subarray(1, 33), plaintext, shared.subarray(33, 65));
    if (!timingSafeEqual(u, c3)) {
      plaintext.fill(0);
      throw fail();
    }
    return plaintext;
  } finally {
    t.fill(0);
    shared.fill(0);
  }
}
