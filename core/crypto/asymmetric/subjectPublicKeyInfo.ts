import type { KmsError } from "../../errors";
import { DER_TAG, DerReader } from "./DerReader";
import { derBitString, derOid, derSequence } from "./derEncode";
import { type EcCurve, OID_HEX } from "./ecCurves";

/** A decoded SubjectPublicKeyInfo (RFC 5280 section 4.1.2.7) of the two key families Keyward knows. */
export type DecodedPublicKeyInfo =
  | { readonly algorithm: "rsa"; readonly rsaPublicKey: Uint8Array }
  | { readonly algorithm: "ec"; readonly curveOidHex: string; readonly point: Uint8Array };

/**
 * Encodes an EC public key as SubjectPublicKeyInfo DER (RFC 5480): id-ecPublicKey with the named curve's OID
 * (for EC_SM2 1.2.156.10197.1.301, the form `openssl pkey -pubin` reads) and the uncompressed point.
 */
export function encodeEcPublicKeyInfo(curve: EcCurve, uncompressedPoint: Uint8Array): Uint8Array {
  return derSequence(
    derSequence(derOid(OID_HEX.ecPublicKey), derOid(curve.oidHex)),
    derBitString(uncompressedPoint),
  );
}

/**
 * Decodes a SubjectPublicKeyInfo DER of an RSA key (rsaEncryption with NULL parameters; the PKCS#1 RSAPublicKey is
 * returned undecoded) or an EC key (id-ecPublicKey with a named curve; the point is returned unvalidated).
 * @throws the `fail` error for malformed DER, any other algorithm, or trailing bytes.
 */
export function decodePublicKeyInfo(der: Uint8Array, fail: () => KmsError): DecodedPublicKeyInfo {
  const outer = new DerReader(der, fail);
  const info = outer.readSequence();
  outer.assertEnd();
  const algorithm = info.readSequence();
  const oid = algorithm.readOidHex();
  if (oid === OID_HEX.rsaEncryption) {
    /* Precondition: rsaEncryption carries NULL parameters (RFC 8017 appendix A.1). */
    if (algorithm.read(DER_TAG.NULL).length !== 0) throw fail();
    algorithm.assertEnd();
    const rsaPublicKey = info.readBitStringBytes();
    info.assertEnd();
    return { algorithm: "rsa", rsaPublicKey };
  }
  /* Precondition: the algorithm is rsaEncryption or id-ecPublicKey. */
  if (oid !== OID_HEX.ecPublicKey) throw fail();
  /* Precondition: an EC key names its curve (no explicit parameters, RFC 5480 section 2.1.1). */
  const curveOidHex = algorithm.readOidHex();
  algorithm.assertEnd();
  const point = info.readBitStringBytes();
  info.assertEnd();
  return { algorithm: "ec", curveOidHex, point };
}
