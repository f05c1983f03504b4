import { createHash } from "node:crypto";
import { concatBytes } from "../crypto/bytes";
import { type EncryptionContext, encodeEncryptionContext } from "../crypto/encryptionContext";
import { bytesToUuid, uuidToBytes } from "../crypto/uuidBytes";
import { InvalidCiphertextError, InvalidParameterError } from "../errors";
import type { ByteReader } from "./ByteReader";
import { decodeObjectContext } from "./objectContext";
import {
  HEADER_FIXED_BYTES,
  MAX_CONTEXT_BYTES,
  MAX_FRAME_SIZE,
  MAX_WRAPPED_KEY_BYTES,
  MIN_FRAME_SIZE,
  OBJECT_FORMAT_VERSION,
  OBJECT_MAGIC,
  OBJECT_STREAM_ID_BYTES,
  OBJECT_SUITE_AES_256_GCM_HKDF_SHA256,
} from "./objectFormat";

/** The fields of an object header (format version 1). */
export interface ObjectHeaderFields {
  /** Plaintext bytes per full frame. */
  readonly frameSize: number;
  /** 16 random bytes: the HKDF salt of the frame key. */
  readonly streamId: Uint8Array;
  /** The service key that wrapped the data key, and its version (canonical UUIDs). */
  readonly keyId: string;
  readonly keyVersionId: string;
  /** GenerateDataKey's CiphertextBlob: the data key sealed under the service key with `context`. */
  readonly wrappedDataKey: Uint8Array;
  /** The EncryptionContext the data key was sealed with (object-bound: see objectEncryptionContext). */
  readonly context: EncryptionContext;
}

/** A header read from a stream: its fields and the SHA-256 of its bytes (bound into every frame's AAD). */
export interface DecodedObjectHeader extends ObjectHeaderFields {
  readonly headerHash: Uint8Array;
  /** The header's length in bytes. */
  readonly headerBytes: number;
}

/** Whether `frameSize` is a frame size the format allows (1 byte to 16 MiB). */
export function isValidFrameSize(frameSize: number): boolean {
  return Number.isSafeInteger(frameSize) && frameSize >= MIN_FRAME_SIZE && frameSize <= MAX_FRAME_SIZE;
}

/**
 * Encodes the header of an encrypted object, format version 1 (DESIGN section 9; docs/object-format.md). All
 * integers are big-endian; `n` and `m` are the lengths of the two variable fields.
 *
 * ```
 * offset  size  field
 * 0       4     magic "KWOB" (0x4B 0x57 0x4F 0x42)
 * 4       1     format version = 0x01
 * 5       1     suite = 0x01: AES-256-GCM frames, frame key HKDF-SHA256, counter nonces, 16-byte tags
 * 6       4     frame size F (u32): plaintext bytes per full frame, 1 .. 16 MiB
 * 10      16    stream id: random, the HKDF salt of the frame key
 * 26      16    key id of the service key that wrapped the data key (UUID bytes)
 * 42      16    key version id of that service key (UUID bytes)
 * 58      2     n (u16): length of the wrapped data key, 1 .. 1024
 * 60      n     wrapped data key: GenerateDataKey's CiphertextBlob (blob v1, DESIGN section 4)
 * 60+n    2     m (u16): length of the encryption context encoding
 * 62+n    m     the EncryptionContext the data key was sealed with, canonical encoding of DESIGN section 4
 * ```
 *
 * The header is H = 62 + n + m bytes; the frames follow (see sealObjectStream). Nothing in it is secret; it is
 * authenticated by every frame, whose AAD starts with SHA-256 of these H bytes.
 * @throws InvalidParameterError when a field does not fit the format.
 */
export function encodeObjectHeader(fields: ObjectHeaderFields): Uint8Array {
  /* Precondition: the frame size is between 1 byte and 16 MiB. */
  if (!isValidFrameSize(fields.frameSize)) {
    throw new InvalidParameterError("FrameSize", `It must be an integer from 1 to ${MAX_FRAME_SIZE}.`);
  }
  /* Precondition: the stream id is 16 bytes. */
  if (fields.streamId.length !== OBJECT_STREAM_ID_BYTES) {
    throw new InvalidParameterError("StreamId", `It must be ${OBJECT_STREAM_ID_BYTES} bytes.`);
  }
  /* Precondition: the wrapped data key is 1 to 1024 bytes. */
  const n = fields.wrappedDataKey.length;
  if (n < 1 || n > MAX_WRAPPED_KEY_BYTES) {
    throw new InvalidParameterError("WrappedDataKey", `It must be 1 to ${MAX_WRAPPED_KEY_BYTES} bytes.`);
  }
  const context = encodeEncryptionContext(fields.context);
  /* Precondition: the encoded context fits a u16 length. */
  if (context.length > MAX_CONTEXT_BYTES) {
    throw new InvalidParameterError("EncryptionContext", `Its encoding exceeds ${MAX_CONTEXT_BYTES} bytes.`);
  }
  const fixed = new Uint8Array(HEADER_FIXED_BYTES);
  const view = new DataView(fixed.buffer);
  fixed.set(OBJECT_MAGIC, 0);
  fixed[4] = OBJECT_FORMAT_VERSION;
  fixed[5] = OBJECT_SUITE_AES_256_GCM_HKDF_SHA256;
  view.setUint32(6, fields.frameSize, false);
  fixed.set(fields.streamId, 10);
  fixed.set(uuidToBytes(fields.keyId), 26);
  fixed.set(uuidToBytes(fields.keyVersionId), 42);
  return concatBytes(fixed, u16(n), fields.wrappedDataKey, u16(context.length), context);
}

/**
 * Reads and checks an object header from the start of a stream, leaving the reader at the first frame. The
 * fields are not authenticated yet: the first frame does that (its AAD holds the header hash).
 * @throws InvalidCiphertextError for a stream that does not start with a well-formed version 1 header.
 */
export async function readObjectHeader(reader: ByteReader): Promise<DecodedObjectHeader> {
  const hash = createHash("sha256");
  const take = async (length: number): Promise<Uint8Array> => {
    const bytes = await reader.read(length);
    hash.update(bytes);
    return bytes;
  };
  const fixed = new Uint8Array(await take(HEADER_FIXED_BYTES));
  const view = new DataView(fixed.buffer);
  /* Precondition: the object starts with the magic "KWOB". */
  if (OBJECT_MAGIC.some((byte, i) => fixed[i] !== byte)) throw new InvalidCiphertextError();
  /* Precondition: the format version is 1. */
  if (fixed[4] !== OBJECT_FORMAT_VERSION) throw new InvalidCiphertextError();
  /* Precondition: the suite is 1. */
  if (fixed[5] !== OBJECT_SUITE_AES_256_GCM_HKDF_SHA256) throw new InvalidCiphertextError();
  const frameSize = view.getUint32(6, false);
  /* Precondition: the header's frame size is between 1 byte and 16 MiB. */
  if (!isValidFrameSize(frameSize)) throw new InvalidCiphertextError();
  const n = readU16(await take(2));
  /* Precondition: the header's wrapped data key is 1 to 1024 bytes. */
  if (n < 1 || n > MAX_WRAPPED_KEY_BYTES) throw new InvalidCiphertextError();
  const wrappedDataKey = new Uint8Array(await take(n));
  const m = readU16(await take(2));
  const context = decodeObjectContext(new Uint8Array(await take(m)));
  return {
    frameSize,
    streamId: fixed.slice(10, 26),
    keyId: bytesToUuid(fixed.subarray(26, 42)),
    keyVersionId: bytesToUuid(fixed.subarray(42, 58)),
    wrappedDataKey,
    context,
    headerHash: new Uint8Array(hash.digest()),
    headerBytes: HEADER_FIXED_BYTES + 4 + n + m,
  };
}

function u16(value: number): Uint8Array {
  return new Uint8Array([value >>> 8, value & 0xff]);
}

function readU16(bytes: Uint8Array): number {
  return ((bytes[0] as number) << 8) | (bytes[1] as number);
}
