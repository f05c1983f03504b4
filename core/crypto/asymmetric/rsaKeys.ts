import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { InternalFailureError, type KmsError } from "../../errors";
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

/**
 * Loads Keyward's RSA key material (PKCS#8 DER, as `generateKeyPair` makes it) and checks its modulus size.
 * @throws InternalFailureError when the material is not an RSA key of the KeySpec's size (a fault, not a caller
 *   error: stored material is Keyward's own).
 */
export function loadRsaPrivateKey(spec: RsaSpec, pkcs8: Uint8Array): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({
      key: Buffer.from(pkcs8.buffer, pkcs8.byteOffset, pkcs8.length),
      format: "der",
      type: "pkcs8",
    });
  } catch (cause) {
    throw new InternalFailureError({ cause });
  }
  /* Precondition: the material is an RSA key with the KeySpec's modulus size. */
  if (key.asymmetricKeyType !== "rsa" || key.asymmetricKeyDetails?.modulusLength !== RSA_MODULUS_BITS[spec]) {
    throw new InternalFailureError();
  }
  return key;
}

/**
 * Loads an RSA public key from PEM (or base64 DER) SubjectPublicKeyInfo and validates it for the KeySpec: an
 * rsaEncryption key, a modulus of exactly the KeySpec's size and odd, and an odd public exponent of at least 3
 * (RFC 8017 section 3.1).
 * @throws the `fail` error for anything else.
 */
export function loadRsaPublicKey(spec: RsaSpec, text: string, fail: () => KmsError): KeyObject {
  const der = fromPemOrBase64(text, "PUBLIC KEY", fail);
  /* Precondition: the SubjectPublicKeyInfo names rsaEncryption. */
  if (decodePublicKeyInfo(der, fail).algorithm !== "rsa") throw fail();
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(der), format: "der", type: "spki" });
  } catch {
    throw fail();
  }
  const details = key.asymmetricKeyDetails;
  const exponent = details?.publicExponent ?? 0n;
  /* Precondition: the modulus has the KeySpec's size; the exponent is odd and at least 3. */
  if (key.asymmetricKeyType !== "rsa" || details?.modulusLength !== RSA_MODULUS_BITS[spec]) throw fail();
  if (exponent < 3n || exponent % 2n === 0n) throw fail();
  const modulus = Buffer.from(String(key.export({ format: "jwk" }).n), "base64url");
  /* Precondition: the modulus is odd (a product of odd primes). */
  if (((modulus.at(-1) ?? 0) & 1) === 0) throw fail();
  return key;
}
