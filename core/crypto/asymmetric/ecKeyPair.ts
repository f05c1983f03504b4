import { createECDH } from "node:crypto";
import type { EcCurve } from "./ecCurves";
import { encodeEcPrivateKey } from "./ecPrivateKey";
import { toPem } from "./pem";
import { encodeEcPublicKeyInfo } from "./subjectPublicKeyInfo";

/** A fresh scalar k in [1, n-1] and the point k·G, from OpenSSL's key generation (uniform, native speed). */
export interface EphemeralKey {
  /** k, big-endian, exactly the curve's size; the caller zeroes it. */
  readonly scalar: Uint8Array;
  /** k·G, uncompressed (0x04 ‖ x ‖ y). */
  readonly point: Uint8Array;
}

/**
 * Draws a key pair on a curve with node:crypto's ECDH (OpenSSL EC_KEY_generate_key: k uniform in [1, n-1]). Used
 * for long-term keys and for the per-signature nonces and SM2 encryption ephemerals.
 */
export function drawEphemeralKey(curve: EcCurve): EphemeralKey {
  const ecdh = createECDH(curve.nodeName);
  const point = new Uint8Array(ecdh.generateKeys());
  const unpadded = ecdh.getPrivateKey();
  // OpenSSL drops leading zero bytes of the scalar; restore the fixed size.
  const scalar = new Uint8Array(curve.bytes);
  scalar.set(unpadded, curve.bytes - unpadded.length);
  unpadded.fill(0);
  return { scalar, point };
}

/**
 * Generates an EC key pair of an EC KeySpec: the private key as PKCS#8 DER (see `encodeEcPrivateKey`) and the
 * public key as PEM SubjectPublicKeyInfo (RFC 5480; EC_SM2 with curve OID 1.2.156.10197.1.301).
 */
export function generateEcKeyPair(curve: EcCurve): { privateKey: Uint8Array; publicKeyPem: string } {
  const { scalar, point } = drawEphemeralKey(curve);
  try {
    const privateKey = encodeEcPrivateKey(curve, scalar, point);
    return { privateKey, publicKeyPem: toPem("PUBLIC KEY", encodeEcPublicKeyInfo(curve, point)) };
  } finally {
    scalar.fill(0);
  }
}
