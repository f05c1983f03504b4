import { asymmetricEncrypt as encryptWithPublicKey } from "../../crypto/asymmetric/asymmetricEncrypt";
import { DryRunOperationError, InvalidCiphertextError, InvalidParameterError } from "../../errors";
import { encryptionLimits } from "../../keys/keySpecs";
import type { EncryptionAlgorithm } from "../../keys/types";
import type { Caller, ServiceDeps } from "../ServiceDeps";
import {
  type AsymmetricInput,
  asymmetricVersionForUse,
  type KeyVersionNamed,
  publicKeyOf,
  resolveKeyForUse,
  versionHandle,
} from "./keyForUse";

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
  /* Precondition: the ciphertext is no longer than the algorithm can produce (any wrong size is a bad ciphertext). */
  if (input.ciphertextBlob.length === 0 || input.ciphertextBlob.length > limits.maxCiphertextBytes) {
    throw new InvalidCiphertextError();
  }
  const provider = deps.crypto(key.protectionLevel);
  // What the HSM cannot decrypt is refused before DryRun answers, as AsymmetricEncrypt refuses it.
  await provider.assertCanDecrypt?.(input.algorithm);
  input.beforeDecrypt?.();
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
