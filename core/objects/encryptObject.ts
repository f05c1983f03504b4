import { wipe } from "../crypto/bytes";
import { InvalidParameterError } from "../errors";
import { generateDataKey } from "../service/crypto/dataKeys";
import type { Caller, ServiceDeps } from "../service/ServiceDeps";
import { getOrCreateServiceKey } from "../service/serviceKeys";
import { deriveFrameKey } from "./frameCrypto";
import { objectEncryptionContext } from "./objectContext";
import {
  DEFAULT_FRAME_SIZE,
  MAX_FRAME_SIZE,
  OBJECT_DATA_KEY_BYTES,
  OBJECT_STREAM_ID_BYTES,
} from "./objectFormat";
import { encodeObjectHeader, isValidFrameSize, type ObjectHeaderFields } from "./objectHeader";
import { sealObjectStream } from "./sealObjectStream";

/** What to encrypt. */
export interface EncryptObjectInput {
  /** The key the encrypted object will have in the encrypted bucket (bound through the EncryptionContext). */
  readonly objectKey: string;
  readonly plaintext: AsyncIterable<Uint8Array>;
  /** Plaintext bytes per full frame (default 64 KiB). */
  readonly frameSize?: number;
}

/** What the encrypted stream was made with: the metadata an encrypted object is stored with. */
export interface EncryptedObjectInfo {
  /** The account's service key `alias/acs/s3` and the version that wrapped the data key. */
  readonly keyId: string;
  readonly keyVersionId: string;
  readonly frameSize: number;
  /** The header's size in bytes (for encryptedObjectSize). */
  readonly headerBytes: number;
}

/**
 * Encrypts an object for its owner account (DESIGN section 9): gets (or creates on first use) the account's
 * service key `alias/acs/s3`, asks it for a fresh 32-byte data key bound to the object by the EncryptionContext
 * `{"service":"S3","account":...,"objectKey":...}`, derives the frame key and hands `write` the encrypted stream
 * (header and frames, see sealObjectStream). The data key is wiped as soon as the frame key is derived, the frame
 * key as soon as `write` settles; the stream (and the plaintext source under it) is closed whatever happens.
 * @returns what `write` returns.
 * @throws InvalidParameterError for a frame size outside 1 byte .. 16 MiB; whatever the service key, the data
 *   key, the plaintext source or `write` throws.
 */
export async function encryptObject<T>(
  deps: ServiceDeps,
  accountId: string,
  input: EncryptObjectInput,
  write: (ciphertext: AsyncIterable<Uint8Array>, info: EncryptedObjectInfo) => Promise<T>,
): Promise<T> {
  const frameSize = input.frameSize ?? DEFAULT_FRAME_SIZE;
  /* Precondition: the frame size is valid before any key is asked for. */
  if (!isValidFrameSize(frameSize)) {
    throw new InvalidParameterError("FrameSize", `It must be an integer from 1 to ${MAX_FRAME_SIZE}.`);
  }
  const caller: Caller = { accountId };
  const context = objectEncryptionContext(accountId, input.objectKey);
  const key = await getOrCreateServiceKey(deps, accountId, "S3");
  const dataKey = await generateDataKey(deps, caller, {
    keyId: key.keyId,
    numberOfBytes: OBJECT_DATA_KEY_BYTES,
    encryptionContext: context,
  });
  let frameKey: Uint8Array | undefined;
  const streamId = deps.randomBytes(OBJECT_STREAM_ID_BYTES);
  try {
    frameKey = deriveFrameKey(dataKey.plaintext, streamId);
  } finally {
    wipe(dataKey.plaintext);
  }
  try {
    const fields: ObjectHeaderFields = {
      frameSize,
      streamId,
      keyId: dataKey.keyId,
      keyVersionId: dataKey.keyVersionId,
      wrappedDataKey: dataKey.ciphertextBlob,
      context,
    };
    const headerBytes = encodeObjectHeader(fields).length;
    const stream = sealObjectStream(input.plaintext, fields, frameKey);
    try {
      return await write(stream, {
        keyId: dataKey.keyId,
        keyVersionId: dataKey.keyVersionId,
        frameSize,
        headerBytes,
      });
    } finally {
      await stream.return(undefined);
    }
  } finally {
    wipe(frameKey);
  }
}
