import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** SHA-256 output length, and the salt length of RSA_PSS_SHA_256 (equal to it). */
const H_LEN = 32;
export const PSS_SALT_BYTES = 32;

function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** MGF1 with SHA-256 (RFC 8017 appendix B.2.1). */
export function mgf1Sha256(seed: Uint8Array, length: number): Uint8Array {
  const mask = new Uint8Array(length);
  const counter = new Uint8Array(4);
  for (let i = 0, offset = 0; offset < length; i++, offset += H_LEN) {
    new DataView(counter.buffer).setUint32(0, i);
    mask.set(sha256(seed, counter).subarray(0, length - offset), offset);
  }
  return mask;
}

/**
 * EMSA-PSS encoding (RFC 8017 section 9.1.1) of a SHA-256 digest the caller computed, with a random 32-byte salt
 * and MGF1-SHA-256. Returns EM of ceil(emBits / 8) bytes.
 */
export function emsaPssEncode(mHash: Uint8Array, emBits: number): Uint8Array {
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(PSS_SALT_BYTES);
  const h = sha256(new Uint8Array(8), mHash, salt);
  const dbLen = emLen - H_LEN - 1;
  const db = new Uint8Array(dbLen);
  db[dbLen - PSS_SALT_BYTES - 1] = 0x01;
  db.set(salt, dbLen - PSS_SALT_BYTES);
  const mask = mgf1Sha256(h, dbLen);
  const em = new Uint8Array(emLen);
  for (let i = 0; i < dbLen; i++) em[i] = (db[i] ?? 0) ^ (mask[i] ?? 0);
  em[0] = (em[0] ?? 0) & (0xff >> (8 * emLen - emBits));
  em.set(h, dbLen);
  em[emLen - 1] = 0xbc;
  return em;
}

/**
 * EMSA-PSS verification (RFC 8017 section 9.1.2) of EM against a SHA-256 digest, for salt length 32 and
 * MGF1-SHA-256 exactly (other salt lengths are other algorithms and fail).
 */
export function emsaPssVerify(mHash: Uint8Array, em: Uint8Array, emBits: number): boolean {
  const emLen = Math.ceil(emBits / 8);
  if (em.length !== emLen || emLen < H_LEN + PSS_SALT_BYTES + 2) return false;
  if (em[emLen - 1] !== 0xbc) return false;
  const dbLen = emLen - H_LEN - 1;
  const topMask = 0xff >> (8 * emLen - emBits);
  // The leftmost 8·emLen − emBits bits of maskedDB must be zero.
  if (((em[0] ?? 0) & ~topMask & 0xff) !== 0) return false;
  const h = em.subarray(dbLen, dbLen + H_LEN);
  const mask = mgf1Sha256(h, dbLen);
  const db = new Uint8Array(dbLen);
  for (let i = 0; i < dbLen; i++) db[i] = (em[i] ?? 0) ^ (mask[i] ?? 0);
  db[0] = (db[0] ?? 0) & topMask;
  const separator = dbLen - PSS_SALT_BYTES - 1;
  for (let i = 0; i < separator; i++) if (db[i] !== 0) return false;
  if (db[separator] !== 0x01) return false;
  const expected = sha256(new Uint8Array(8), mHash, db.subarray(dbLen - PSS_SALT_BYTES));
  return timingSafeEqual(expected, h);
}
