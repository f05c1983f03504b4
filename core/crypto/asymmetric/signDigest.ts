import { InternalFailureError, InvalidParameterError } from "../../errors";
import { signingLimits } from "../../keys/keySpecs";
import type { KeySpec, SigningAlgorithm } from "../../keys/types";
import { ecdsaSignDigest } from "./ecdsa";
import { isRsaSpec } from "./generateKeyPair";
import { rsaSignDigest } from "./rsaSignature";
import { sm2SignDigest } from "./sm2Signature";

/**
 * Checks that the KeySpec offers the algorithm and that the digest has its length (AsymmetricSign/Verify `Digest`).
 * @throws InvalidParameterError (`Algorithm`) or (`Digest`).
 */
export function assertDigestFor(spec: KeySpec, algorithm: SigningAlgorithm, digest: Uint8Array): void {
  const { digestBytes } = signingLimits(spec, algorithm);
  /* Precondition: the digest is exactly as long as the algorithm's hash (SHA-256 or SM3: 32 bytes). */
  if (digest.length !== digestBytes) {
    throw new InvalidParameterError("Digest", `It must be a ${digestBytes}-byte digest.`);
  }
}

/**
 * Signs a digest the caller computed (AsymmetricSign): RSA_PSS_SHA_256 (salt 32) and RSA_PKCS1_SHA_256 give raw
 * k-byte signatures; ECDSA_SHA_256 (EC_P256K low-S) and SM2DSA give DER `SEQUENCE { r, s }`. For SM2DSA the digest
 * is e = SM3(Z_A ‖ M), see `sm2SigningDigest`.
 * @throws InvalidParameterError (`Algorithm`, `Digest`) as `assertDigestFor`; InternalFailureError when the
 *   material does not match the KeySpec.
 */
export function signDigest(
  spec: KeySpec,
  algorithm: SigningAlgorithm,
  privateKey: Uint8Array,
  digest: Uint8Array,
): Uint8Array {
  assertDigestFor(spec, algorithm, digest);
  switch (algorithm) {
    case "SM2DSA":
      return sm2SignDigest(privateKey, digest);
    case "ECDSA_SHA_256":
      if (spec !== "EC_P256" && spec !== "EC_P256K") throw new InternalFailureError();
      return ecdsaSignDigest(spec, privateKey, digest);
    default:
      if (!isRsaSpec(spec)) throw new InternalFailureError();
      return rsaSignDigest(spec, algorithm, privateKey, digest);
  }
}
