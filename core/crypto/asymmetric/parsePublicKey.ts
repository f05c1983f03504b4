import { InvalidParameterError } from "../../errors";
import type { KeySpec } from "../../keys/types";
import { isEcSpec } from "./ecCurves";
import { ecPublicKeyToPem, readEcPublicKey } from "./ecPublicKey";
import { isRsaSpec } from "./generateKeyPair";
import { loadRsaPublicKey } from "./rsaKeys";

/** The longest key text accepted (an RSA-3072 PEM is about 630 characters). */
const MAX_TEXT_LENGTH = 8192;

/**
 * Parses and validates a caller-supplied public key (ExportDataKey / GenerateAndExportDataKey `PublicKeyBlob`):
 * PEM `PUBLIC KEY` or base64 of the SubjectPublicKeyInfo DER. RSA specs: rsaEncryption, the spec's modulus size,
 * odd modulus, odd exponent >= 3. EC specs: id-ecPublicKey on the spec's curve (EC_SM2: 1.2.156.10197.1.301), a
 * point on the curve (compressed points are accepted and returned uncompressed).
 * @returns the key as canonical PEM, ready for `asymmetricEncrypt`.
 * @throws InvalidParameterError (`PublicKeyBlob`) for anything else; (`KeySpec`) for a symmetric KeySpec.
 */
export function parsePublicKey(spec: KeySpec, text: string): string {
  const fail = () =>
    new InvalidParameterError(
      "PublicKeyBlob",
      `It is not a valid ${spec} public key (base64 of a DER SubjectPublicKeyInfo).`,
    );
  /* Precondition: the text is of a sensible size. */
  if (text.length > MAX_TEXT_LENGTH) throw fail();
  if (isRsaSpec(spec)) {
    return String(loadRsaPublicKey(spec, text, fail).export({ type: "spki", format: "pem" }));
  }
  /* Precondition: the KeySpec is asymmetric. */
  if (!isEcSpec(spec)) throw new InvalidParameterError("KeySpec", `${spec} is not an asymmetric KeySpec.`);
  return ecPublicKeyToPem(spec, readEcPublicKey(spec, text, fail), fail);
}
