import { verifyDigest } from "../../crypto/asymmetric/verifyDigest";
import { DryRunOperationError, InvalidParameterError } from "../../errors";
import { signingLimits } from "../../keys/keySpecs";
import type { SigningAlgorithm } from "../../keys/types";
import type { Caller, ServiceDeps } from "../ServiceDeps";
import {
  type AsymmetricInput,
  asymmetricVersionForUse,
  type KeyVersionNamed,
  publicKeyOf,
  resolveKeyForUse,
  versionHandle,
} from "./keyForUse";

// AsymmetricSign and AsymmetricVerify, apart from the encryption operations (asymmetric.ts): nothing here loads the
// SM2 encryption code (sm-crypto-v2), so the AsymmetricVerify function does not evaluate it at cold start.

function checkDigest(
  keySpec: Parameters<typeof signingLimits>[0],
  algorithm: SigningAlgorithm,
  digest: Uint8Array,
): void {
  const { digestBytes } = signingLimits(keySpec, algorithm);
  /* Precondition: the digest has the algorithm's length (32 bytes for SHA-256 and SM3). */
  if (digest.length !== digestBytes) {
    throw new InvalidParameterError(
      "Digest",
      `${algorithm} signs a ${digestBytes}-byte digest; got ${digest.length} bytes.`,
    );
  }
}

/** AsymmetricSign: signs a digest the caller computed. RSA signatures are raw; ECDSA and SM2DSA are DER. */
export async function asymmetricSign(
  deps: ServiceDeps,
  caller: Caller,
  input: AsymmetricInput & { algorithm: SigningAlgorithm; digest: Uint8Array },
): Promise<KeyVersionNamed & { value: Uint8Array }> {
  const key = await resolveKeyForUse(deps, caller, input.keyId);
  const version = asymmetricVersionForUse(key, input.keyVersionId, "SIGN/VERIFY");
  checkDigest(key.keySpec, input.algorithm, input.digest);
  if (input.dryRun) throw new DryRunOperationError();
  const value = await deps
    .crypto(key.protectionLevel)
    .sign(versionHandle(key, version), input.algorithm, input.digest);
  return { keyId: key.keyId, keyVersionId: version.versionId, value };
}

/** AsymmetricVerify: checks a signature over a digest with the key version's public key. */
export async function asymmetricVerify(
  deps: ServiceDeps,
  caller: Caller,
  input: AsymmetricInput & { algorithm: SigningAlgorithm; digest: Uint8Array; value: Uint8Array },
): Promise<KeyVersionNamed & { value: boolean }> {
  const key = await resolveKeyForUse(deps, caller, input.keyId);
  const version = asymmetricVersionForUse(key, input.keyVersionId, "SIGN/VERIFY");
  checkDigest(key.keySpec, input.algorithm, input.digest);
  if (input.dryRun) throw new DryRunOperationError();
  const value = verifyDigest(key.keySpec, input.algorithm, publicKeyOf(version), input.digest, input.value);
  return { keyId: key.keyId, keyVersionId: version.versionId, value };
}
