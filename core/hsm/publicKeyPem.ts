import { createPublicKey, type JsonWebKey } from "node:crypto";
import { InternalFailureError } from "../errors";
import type { HsmCurve } from "./hsmKeyShape";

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

function spkiPem(jwk: JsonWebKey): string {
  try {
    return createPublicKey({ key: jwk, format: "jwk" }).export({ type: "spki", format: "pem" }).toString();
  } catch (error) {
    throw new InternalFailureError({ cause: error });
  }
}

/**
 * The PEM SubjectPublicKeyInfo (RFC 5280, RFC 8017 appendix A.1.1) of an RSA public key read from the HSM as
 * CKA_MODULUS and CKA_PUBLIC_EXPONENT (big-endian unsigned integers).
 * @throws InternalFailureError when the values do not form a public key.
 */
export function rsaPublicKeyPem(modulus: Uint8Array, exponent: Uint8Array): string {
  return spkiPem({ kty: "RSA", n: base64url(stripZeros(modulus)), e: base64url(stripZeros(exponent)) });
}

function stripZeros(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  return bytes.subarray(start);
}

/**
 * The uncompressed point `04 ‖ X ‖ Y` inside CKA_EC_POINT. PKCS#11 v2.40 section 2.3.3 makes the attribute a DER
 * OCTET STRING around the point (`04 41 04 …` for 256-bit curves, what SoftHSM returns); some HSMs return the bare
 * point, accepted too.
 * @throws InternalFailureError when neither form fits `coordinateBytes`.
 */
export function ecPointFromAttribute(attribute: Uint8Array, coordinateBytes: number): Uint8Array {
  const pointLength = 1 + 2 * coordinateBytes;
  if (attribute.length === pointLength && attribute[0] === 0x04) return attribute;
  // DER OCTET STRING: tag 04, then a short (< 128) or one-byte long (81 nn) length.
  const header = pointLength < 128 ? 2 : 3;
  const lengthOk =
    pointLength < 128 ? attribute[1] === pointLength : attribute[1] === 0x81 && attribute[2] === pointLength;
  /* Precondition: CKA_EC_POINT holds one uncompressed point of the key's curve. */
  if (
    attribute[0] !== 0x04 ||
    !lengthOk ||
    attribute.length !== header + pointLength ||
    attribute[header] !== 0x04
  ) {
    throw new InternalFailureError({
      cause: "CKA_EC_POINT is not an uncompressed point of the expected size",
    });
  }
  return attribute.subarray(header);
}

/**
 * The PEM SubjectPublicKeyInfo (RFC 5480) of an EC public key read from the HSM as CKA_EC_POINT.
 * @throws InternalFailureError when the attribute is not a point on `curve`.
 */
export function ecPublicKeyPem(ecPointAttribute: Uint8Array, curve: HsmCurve): string {
  const point = ecPointFromAttribute(ecPointAttribute, 32);
  return spkiPem({
    kty: "EC",
    crv: curve,
    x: base64url(point.subarray(1, 33)),
    y: base64url(point.subarray(33)),
  });
}
