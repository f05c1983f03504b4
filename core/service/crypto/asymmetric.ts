import { asymmetricEncrypt as encryptWithPublicKey } from "../../crypto/asymmetric/asymmetricEncrypt";
import { verifyDigest } from "../../crypto/asymmetric/verifyDigest";
import { DryRunOperationError, InvalidParameterError, KeyVersionNotFoundError } from "../../errors";
import { encryptionLimits, signingLimits } from "../../keys/keySpecs";
import type { EncryptionAlgorithm, SigningAlgorithm } from "../../keys/types";
import type { Caller, ServiceDeps } from "../ServiceDeps";
import { asymmetricVersionForUse, resolveKeyForUse, versionHandle } from "./keyForUse";

/** The identity every asymmetric operation answers with. */
interface KeyVersionNamed {
  readonly keyId: string;
  readonly keyVersionId: string;
}

interface AsymmetricInput {
  readonly keyId: string;
  readonly keyVersionId: string;
  readonly dryRun?: boolean;
}

function publicKeyOf(version: { publicKey?: string }): string {
  if (!version.publicKey) throw new KeyVersionNotFoundError();
  return version.publicKey;
}

/**
 * AsymmetricEncrypt: encrypts with the public key of an ENCRYPT/DECRYPT key version (RSA-OAEP or SM2PKE). The
 * public key is public, so this runs in-process for every protection level, but only with an algorithm the key's
 * provider can decrypt: an HSM key refuses the others rather than make a ciphertext it could never open.
 * @throws InvalidParameterError (Algorithm not of the spec, Plaintext over the algorithm's limit), state and usage
 * errors, RejectedUnsupportedOperationError (the HSM cannot decrypt the algorithm), DryRunOperationError.
 */
export async function asymmetricEncrypt(
  deps: ServiceDeps,
  caller: Caller,
  input: AsymmetricInput & { algorithm: EncryptionAlgorithm; plaintext: Uint8Array },
): Promise<KeyVersionNamed & { ciphertextBlob: Uint8Array }> {
  const key = await resolveKeyForUse(deps, caller, input.keyId);
  const version = asymmetricVersionForUse(key, input.keyVersionId, "ENCRYPT/DECRYPT");
  const limits = encryptionLimits(key.keySpec, input.algorithm);
  /* Precondition: the plaintext fits the algorithm (1 byte up to its limit). */
  if (input.plaintext.length === 0 || input.plaintext.length > limits.maxPlaintextBytes) {
    throw new InvalidParameterError(
      "Plaintext",
      `${input.algorithm} on ${key.keySpec} takes 1 to ${limits.maxPlaintextBytes} bytes.`,
    );
  }
  /* Precondition: the key's provider can decrypt the algorithm. */
  await deps.crypto(key.protectionLevel).assertCanDecrypt?.(input.algorithm);
  if (input.dryRun) throw new DryRunOperationError();
  const ciphertextBlob = encryptWithPublicKey(
    key.keySpec,
    input.algorithm,
    publicKeyOf(version),
    input.plaintext,
  );
  return { keyId: key.keyId, keyVersionId: version.versionId, ciphertextBlob };
}

/**
 * Decrypts an asymmetric ciphertext with a key version's private key, wherever it lives (SOFTWARE or HSM).
 * Shared by AsymmetricDecrypt and ReEncrypt with an asymmetric source.
 */
export async function asymmetricDecryptWithKey(
  deps: ServiceDeps,
  caller: Caller,
  input: {
    keyId: string;
    keyVersionId: string;
    algorithm: EncryptionAlgorithm;
    ciphertextBlob: Uint8Array;
    beforeDecrypt?: () => void;
  },
): Promise<KeyVersionNamed & { plaintext: Uint8Array }> {
  const key = await resolveKeyForUse(deps, caller, input.keyId);
  const version = asymmetricVersionForUse(key, input.keyVersionId, "ENCRYPT/DECRYPT");
  const limits = encryptionLimits(key.keySpec, input.algorithm);
  /* Precondition: the ciphertext is no longer than the algorithm can produce. */
  if (input.ciphertextBlob.length === 0 || input.ciphertextBlob.length > limits.maxCiphertextBytes) {
    throw new InvalidParameterError(
      "CiphertextBlob",
      `${input.algorithm} on ${key.keySpec} gives at most ${limits.maxCiphertextBytes} bytes.`,
    );
  }
  input.beforeDecrypt?.();
  const provider = deps.crypto(key.protectionLevel);
  const plaintext = await provider.asymmetricDecrypt(
    versionHandle(key, version),
    input.algorithm,
    input.ciphertextBlob,
  );
  return { keyId: key.keyId, keyVersionId: version.versionId, plaintext };
}

/** AsymmetricDecrypt: see asymmetricDecryptWithKey. */
export async function asymmetricDecrypt(
  deps: ServiceDeps,
  caller: Caller,
  input: AsymmetricInput & { algorithm: EncryptionAlgorithm; ciphertextBlob: Uint8Array },
): Promise<KeyVersionNamed & { plaintext: Uint8Array }> {
  return asymmetricDecryptWithKey(deps, caller, {
    ...input,
    beforeDecrypt: () => {
      if (input.dryRun) throw new DryRunOperationError();
    },
  });
}

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
