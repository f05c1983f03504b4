import type { KmsError } from "../../errors";
import { EC_CURVES, type EcSpec } from "./ecCurves";
import { normalizeEcPoint } from "./ecPoint";
import { fromPemOrBase64, toPem } from "./pem";
import { decodePublicKeyInfo, encodeEcPublicKeyInfo } from "./subjectPublicKeyInfo";

/**
 * The PEM SubjectPublicKeyInfo (RFC 5480) of a point on the curve of an EC KeySpec, as GetPublicKey returns it.
 * @throws the `fail` error when the point is not a valid point of that curve.
 */
export function ecPublicKeyToPem(spec: EcSpec, point: Uint8Array, fail: () => KmsError): string {
  const uncompressed = normalizeEcPoint(spec, point, fail);
  return toPem("PUBLIC KEY", encodeEcPublicKeyInfo(EC_CURVES[spec], uncompressed));
}

/**
 * Reads the public point of an EC KeySpec from PEM (or base64 DER) SubjectPublicKeyInfo, checking the algorithm,
 * the curve and that the point lies on it. Returns the point uncompressed (65 bytes).
 * @throws the `fail` error for anything else.
 */
export function readEcPublicKey(spec: EcSpec, text: string, fail: () => KmsError): Uint8Array {
  const info = decodePublicKeyInfo(fromPemOrBase64(text, "PUBLIC KEY", fail), fail);
  /* Precondition: the key is an EC key on the KeySpec's curve. */
  if (info.algorithm !== "ec" || info.curveOidHex !== EC_CURVES[spec].oidHex) throw fail();
  return normalizeEcPoint(spec, info.point, fail);
}
