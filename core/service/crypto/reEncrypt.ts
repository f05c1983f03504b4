import { wipe } from "../../crypto/bytes";
import type { EncryptionContext } from "../../crypto/encryptionContext";
import { DryRunOperationError, MissingParameterError } from "../../errors";
import type { EncryptionAlgorithm } from "../../keys/types";
import type { Caller, ServiceDeps } from "../ServiceDeps";
import { asymmetricDecryptWithKey } from "./asymmetric";
import { assertSymmetricUsable, resolveKeyForUse } from "./keyForUse";
import { openBlob, type Sealed, sealWithPrimaryVersion } from "./symmetricEnvelope";

export interface ReEncryptInput {
  readonly ciphertextBlob: Uint8Array;
  readonly destinationKeyId: string;
  readonly destinationEncryptionContext?: EncryptionContext;
  readonly sourceEncryptionContext?: EncryptionContext;
  /** All three are needed when the source is an asymmetric ciphertext (it has no header naming its key). */
  readonly sourceKeyId?: string;
  readonly sourceKeyVersionId?: string;
  readonly sourceEncryptionAlgorithm?: EncryptionAlgorithm;
  readonly dryRun?: boolean;
}

/**
 * ReEncrypt: opens a ciphertext (a symmetric blob, or an asymmetric ciphertext named by SourceKeyId,
 * SourceKeyVersionId and SourceEncryptionAlgorithm) and seals its plaintext under the destination key's primary
 * version, without the plaintext leaving the service. The response names the destination key.
 * @throws MissingParameterError when only some of the three Source* parameters are given, and what Decrypt,
 * AsymmetricDecrypt and Encrypt throw.
 */
export async function reEncrypt(deps: ServiceDeps, caller: Caller, input: ReEncryptInput): Promise<Sealed> {
  const destination = await resolveKeyForUse(deps, caller, input.destinationKeyId);
  assertSymmetricUsable(destination);
  const plaintext = await openSource(deps, caller, input);
  try {
    return await sealWithPrimaryVersion(deps, destination, plaintext, input.destinationEncryptionContext);
  } finally {
    wipe(plaintext);
  }
}

async function openSource(deps: ServiceDeps, caller: Caller, input: ReEncryptInput): Promise<Uint8Array> {
  const { sourceKeyId, sourceKeyVersionId, sourceEncryptionAlgorithm } = input;
  const dryRunStop = () => {
    if (input.dryRun) throw new DryRunOperationError();
  };
  if (
    sourceKeyId === undefined &&
    sourceKeyVersionId === undefined &&
    sourceEncryptionAlgorithm === undefined
  ) {
    const opened = await openBlob(
      deps,
      caller,
      input.ciphertextBlob,
      input.sourceEncryptionContext,
      dryRunStop,
    );
    return opened.plaintext;
  }
  /* Precondition: an asymmetric source names its key, version and algorithm. */
  if (sourceKeyId === undefined) throw new MissingParameterError("SourceKeyId");
  if (sourceKeyVersionId === undefined) throw new MissingParameterError("SourceKeyVersionId");
  if (sourceEncryptionAlgorithm === undefined) throw new MissingParameterError("SourceEncryptionAlgorithm");
  const opened = await asymmetricDecryptWithKey(deps, caller, {
    keyId: sourceKeyId,
    keyVersionId: sourceKeyVersionId,
    algorithm: sourceEncryptionAlgorithm,
    ciphertextBlob: input.ciphertextBlob,
    beforeDecrypt: dryRunStop,
  });
  return opened.plaintext;
}
