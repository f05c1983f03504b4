import type { EncryptionContext } from "../../crypto/encryptionContext";
import { DryRunOperationError, InvalidParameterError } from "../../errors";
import type { Caller, ServiceDeps } from "../ServiceDeps";
import { assertSymmetricUsable, resolveKeyForUse } from "./keyForUse";
import { openBlob, type Sealed, sealWithPrimaryVersion } from "./symmetricEnvelope";

/** Encrypt accepts at most 6 KiB of plaintext (reference section 3). */
export const MAX_ENCRYPT_PLAINTEXT_BYTES = 6144;

export interface EncryptInput {
  readonly keyId: string;
  /** The UTF-8 bytes of the caller's Plaintext string. */
  readonly plaintext: Uint8Array;
  readonly encryptionContext?: EncryptionContext;
  readonly dryRun?: boolean;
}

/**
 * Encrypt: seals the plaintext under the key's primary version; the blob names key and version.
 * @throws InvalidParameterError (Plaintext over 6 KiB), KeyNotFoundError, KeyStateRejectedError,
 * UnsupportedOperationError (not a symmetric key), DryRunOperationError (DryRun and everything else fine).
 */
export async function encrypt(deps: ServiceDeps, caller: Caller, input: EncryptInput): Promise<Sealed> {
  /* Precondition: the plaintext is at most 6 KiB. */
  if (input.plaintext.length > MAX_ENCRYPT_PLAINTEXT_BYTES) {
    throw new InvalidParameterError("Plaintext", `It may hold at most ${MAX_ENCRYPT_PLAINTEXT_BYTES} bytes.`);
  }
  const key = await resolveKeyForUse(deps, caller, input.keyId);
  assertSymmetricUsable(key);
  if (input.dryRun) throw new DryRunOperationError();
  return sealWithPrimaryVersion(deps, key, input.plaintext, input.encryptionContext);
}

export interface DecryptInput {
  readonly ciphertextBlob: Uint8Array;
  readonly encryptionContext?: EncryptionContext;
  readonly dryRun?: boolean;
}

/**
 * Decrypt: opens a blob with the key version it names and the same EncryptionContext it was sealed with.
 * @throws InvalidCiphertextError, KeyNotFoundError (also for another account's blob), KeyStateRejectedError,
 * DryRunOperationError.
 */
export async function decrypt(
  deps: ServiceDeps,
  caller: Caller,
  input: DecryptInput,
): Promise<{ plaintext: Uint8Array; keyId: string; keyVersionId: string }> {
  const opened = await openBlob(deps, caller, input.ciphertextBlob, input.encryptionContext, () => {
    if (input.dryRun) throw new DryRunOperationError();
  });
  return { plaintext: opened.plaintext, keyId: opened.key.keyId, keyVersionId: opened.keyVersionId };
}
