import { InternalFailureError } from "../../errors";
import { bytesToBigInt } from "./bigIntBytes";
import { DER_TAG, DerReader } from "./DerReader";
import {
  derBitString,
  derExplicit,
  derOctetString,
  derOid,
  derSequence,
  derUnsignedInteger,
} from "./derEncode";
import { type EcCurve, OID_HEX } from "./ecCurves";

/**
 * Encodes an EC private key as PKCS#8 DER (RFC 5208 PrivateKeyInfo around an RFC 5915 ECPrivateKey with the public
 * key): the format of Keyward's EC key material, readable by node:crypto and `openssl pkey -inform DER`.
 */
export function encodeEcPrivateKey(
  curve: EcCurve,
  scalar: Uint8Array,
  uncompressedPoint: Uint8Array,
): Uint8Array {
  const scalarField = derOctetString(scalar);
  const ecPrivateKey = derSequence(
    derUnsignedInteger(Uint8Array.of(1)),
    scalarField,
    derExplicit(1, derBitString(uncompressedPoint)),
  );
  const wrapped = derOctetString(ecPrivateKey);
  const algorithm = derSequence(derOid(OID_HEX.ecPublicKey), derOid(curve.oidHex));
  try {
    return derSequence(derUnsignedInteger(Uint8Array.of(0)), algorithm, wrapped);
  } finally {
    scalarField.fill(0);
    ecPrivateKey.fill(0);
    wrapped.fill(0);
  }
}

/**
 * Reads the private scalar out of Keyward's EC key material (PKCS#8 DER, see `encodeEcPrivateKey`; optional
 * ECPrivateKey fields as node:crypto writes them are accepted). Returns a view into `pkcs8`, not a copy.
 * @throws InternalFailureError when the material is malformed, of another curve, or its scalar is not in [1, n-1]:
 *   stored material is Keyward's own, so a bad one is a fault, not a caller error.
 */
export function decodeEcPrivateKey(curve: EcCurve, pkcs8: Uint8Array): Uint8Array {
  const fail = () => new InternalFailureError();
  const outer = new DerReader(pkcs8, fail);
  const info = outer.readSequence();
  outer.assertEnd();
  /* Precondition: PKCS#8 version 0 with id-ecPublicKey on the key's own curve. */
  if (info.readSmallInteger() !== 0) throw fail();
  const algorithm = info.readSequence();
  if (algorithm.readOidHex() !== OID_HEX.ecPublicKey || algorithm.readOidHex() !== curve.oidHex) throw fail();
  algorithm.assertEnd();
  const inner = new DerReader(info.read(DER_TAG.OCTET_STRING), fail);
  info.assertEnd();
  const ecPrivateKey = inner.readSequence();
  inner.assertEnd();
  if (ecPrivateKey.readSmallInteger() !== 1) throw fail();
  const scalar = ecPrivateKey.read(DER_TAG.OCTET_STRING);
  /* Precondition: the scalar has the curve's size and lies in [1, n-1] (RFC 5915 section 3). */
  const value = bytesToBigInt(scalar);
  if (scalar.length !== curve.bytes || value < 1n || value >= curve.n) throw fail();
  return scalar;
}
