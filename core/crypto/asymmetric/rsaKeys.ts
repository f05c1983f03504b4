import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { InternalFailureError, type KmsError } from "../../errors";
import { DER_TAG, DerReader } from "./DerReader";
import { OID_HEX } from "./ecCurves";
import { fromPemOrBase64 } from "./pem";
import { decodePublicKeyInfo } from "./subjectPublicKeyInfo";

/** The RSA KeySpecs. */
export type RsaSpec = "RSA_2048" | "RSA_3072";

/** The modulus size in bits of each RSA KeySpec. */
export const RSA_MODULUS_BITS: Readonly<Record<RsaSpec, number>> = { RSA_2048: 2048, RSA_3072: 3072 };

/** The modulus size in bytes (k of RFC 8017) of an RSA KeySpec. */
export function rsaModulusBytes(spec: RsaSpec): number {
  return RSA_MODULUS_BITS[spec] / 8;
}

/** A Buffer seen as a plain Uint8Array over the same memory (no copy). */
export function asBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

/** A Uint8Array seen as a Buffer over the same memory (no copy, so nothing secret is duplicated). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/*
 * Keys are handed to node:crypto as PKCS#1 DER, which Keyward unwraps itself: OpenSSL 3 decodes PKCS#8 and
 * SubjectPublicKeyInfo through its generic decoder chain, measured at about 650 µs (private) and 200-700 µs
 * (public) per key against 15-150 µs for PKCS#1, i.e. more than the RSA operation itself.
 */

/**
 * Loads Keyward's RSA key material (PKCS#8 DER, as `generateKeyPair` makes it) and checks its modulus size.
 * @throws InternalFailureError when the material is not an RSA key of the KeySpec's size (a fault, not a caller
 *   error: stored material is Keyward's own).
 */
export function loadRsaPrivateKey(spec: RsaSpec, pkcs8: Uint8Array): KeyObject {
  const fail = () => new InternalFailureError();
  const outer = new DerReader(pkcs8, fail);
  const info = outer.readSequence();
  outer.assertEnd();
  /* Precondition: the material is PKCS#8 version 0 of an rsaEncryption key. */
  if (info.readSmallInteger() !== 0) throw fail();
  const algorithm = info.readSequence();
  if (algorithm.readOidHex() !== OID_HEX.rsaEncryption) throw fail();
  const rsaPrivateKey = info.read(DER_TAG.OCTET_STRING);
  info.assertEnd();
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: asBuffer(rsaPrivateKey), format: "der", type: "pkcs1" });
  } catch (cause) {
    throw new InternalFailureError({ cause });
  }
  /* Precondition: the material is an RSA key with the KeySpec's modulus size. */
  if (key.asymmetricKeyType !== "rsa" || key.asymmetricKeyDetails?.modulusLength !== RSA_MODULUS_BITS[spec]) {
    throw fail();
  }
  return key;
}

/**
 * Loads an RSA public key from PEM (or base64 DER) SubjectPublicKeyInfo and validates it for the KeySpec (RFC 8017
 * section 3.1): an rsaEncryption key, a modulus of exactly the KeySpec's size and odd, an odd public exponent of at
 * least 3.
 * @throws the `fail` error for anything else.
 */
export function loadRsaPublicKey(spec: RsaSpec, text: string, fail: () => KmsError): KeyObject {
  const info = decodePublicKeyInfo(fromPemOrBase64(text, "PUBLIC KEY", fail), fail);
  /* Precondition: the SubjectPublicKeyInfo names rsaEncryption. */
  if (info.algorithm !== "rsa") throw fail();
  const outer = new DerReader(info.rsaPublicKey, fail);
  const rsaPublicKey = outer.readSequence();
  outer.assertEnd();
  const modulus = rsaPublicKey.readUnsignedInteger();
  const exponent = rsaPublicKey.readUnsignedInteger();
  rsaPublicKey.assertEnd();
  const k = rsaModulusBytes(spec);
  /* Precondition: the modulus has the KeySpec's size. */
  if (modulus.length !== k || (modulus[0] ?? 0) < 0x80) throw fail();
  /* Precondition: the modulus is odd (a product of odd primes). */
  if (((modulus[k - 1] ?? 0) & 1) === 0) throw fail();
  /* Precondition: the exponent is odd and at least 3. */
  const lastExponentByte = exponent[exponent.length - 1] ?? 0;
  if ((lastExponentByte & 1) === 0 || (exponent.length === 1 && lastExponentByte < 3)) throw fail();
  try {
    return createPublicKey({ key: asBuffer(info.rsaPublicKey), format: "der", type: "pkcs1" });
  } catch {
    throw fail();
  }
}
