import { InternalFailureError } from "../../errors";
import type { KeySpec, SigningAlgorithm } from "../../keys/types";
import { ecdsaVerifyDigest } from "./ecdsa";
import { isRsaSpec } from "./generateKeyPair";
import { rsaVerifyDigest } from "./rsaSignature";
import { assertDigestFor } from "./signDigest";
import { sm2VerifyDigest } from "./sm2Signature";

/**
 * Verifies a signature over a digest the caller computed (AsymmetricVerify), with the formats `signDigest` writes:
 * RSA raw k bytes (PSS with salt 32 only), ECDSA and SM2DSA strict DER (high-S ECDSA accepted).
 * @returns whether the signature is valid; a malformed signature is simply not valid.
 * @throws InvalidParameterError (`Algorithm`, `Digest`) as `assertDigestFor`; InternalFailureError when the public
 *   key does not match the KeySpec.
 */
export function verifyDigest(
  spec: KeySpec,
  algorithm: SigningAlgorithm,
  publicKeyPem: string,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  assertDigestFor(spec, algorithm, digest);
  switch (algorithm) {
    case "SM2DSA":
      return sm2VerifyDigest(publicKeyPem, digest, signature);
    case "ECDSA_SHA_256":
      if (spec !== "EC_P256" && spec !== "EC_P256K") throw new InternalFailureError();
      return ecdsaVerifyDigest(spec, publicKeyPem, digest, signature);
    default:
      if (!isRsaSpec(spec)) throw new InternalFailureError();
      return rsaVerifyDigest(spec, algorithm, publicKeyPem, digest, signature);
  }
}
