import { wipe } from "../../crypto/bytes";
import type { EncryptionContext } from "../../crypto/encryptionContext";
import { DryRunOperationError, InvalidParameterError } from "../../errors";
import type { Caller, ServiceDeps } from "../ServiceDeps";
import { assertSymmetricUsable, resolveKeyForUse } from "./keyForUse";
import { type Sealed, sealWithPrimaryVersion } from "./symmetricEnvelope";

export interface DataKeyInput {
  readonly keyId: string;
  readonly keySpec?: "AES_256" | "AES_128";
  /** 1 to 1024; wins over keySpec. */
  readonly numberOfBytes?: number;
  readonly encryptionContext?: EncryptionContext;
  readonly dryRun?: boolean;
}

/** A data key: its bytes (base64 on the wire) and its CiphertextBlob under the master key. */
export interface DataKey extends Sealed {
  readonly plaintext: Uint8Array;
}

export function dataKeyLength(input: DataKeyInput): number {
  const length = input.numberOfBytes ?? (input.keySpec === "AES_128" ? 16 : 32);
  /* Precondition: a data key has 1 to 1024 bytes. */
  if (!Number.isInteger(length) || length < 1 || length > 1024) {
    throw new InvalidParameterError("NumberOfBytes", "It must be between 1 and 1024.");
  }
  return length;
}

/**
 * GenerateDataKey: a fresh random data key and its CiphertextBlob. As the original service does, the blob seals
 * the base64 text of the key, so Decrypt(CiphertextBlob).Plaintext equals GenerateDataKey's Plaintext (DESIGN
 * section 3). The caller must wipe `plaintext`.
 */
export async function generateDataKey(
  deps: ServiceDeps,
  caller: Caller,
  input: DataKeyInput,
): Promise<DataKey> {
  const length = dataKeyLength(input);
  const key = await resolveKeyForUse(deps, caller, input.keyId);
  assertSymmetricUsable(key);
  if (input.dryRun) throw new DryRunOperationError();
  const dataKey = deps.randomBytes(length);
  const text = new TextEncoder().encode(Buffer.from(dataKey).toString("base64"));
  try {
    return {
      ...(await sealWithPrimaryVersion(deps, key, text, input.encryptionContext)),
      plaintext: dataKey,
    };
  } finally {
    wipe(text);
  }
}

/** GenerateDataKeyWithoutPlaintext: as GenerateDataKey, returning only the CiphertextBlob. */
export async function generateDataKeyWithoutPlaintext(
  deps: ServiceDeps,
  caller: Caller,
  input: DataKeyInput,
): Promise<Sealed> {
  const { plaintext, ...sealed } = await generateDataKey(deps, caller, input);
  wipe(plaintext);
  return sealed;
}
