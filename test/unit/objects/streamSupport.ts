import { randomBytes, randomUUID } from "node:crypto";
import { ByteReader } from "../../../core/objects/ByteReader";
import { objectEncryptionContext } from "../../../core/objects/objectContext";
import { FRAME_FINAL, FRAME_TAG_BYTES } from "../../../core/objects/objectFormat";
import { type ObjectHeaderFields, readObjectHeader } from "../../../core/objects/objectHeader";
import { openObjectStream } from "../../../core/objects/openObjectStream";
import { sealObjectStream } from "../../../core/objects/sealObjectStream";

/** Header fields for format tests: a random stream id and ids; the wrapped key is opaque bytes here. */
export function testFields(frameSize: number, objectKey = "123456/report.pdf"): ObjectHeaderFields {
  return {
    frameSize,
    streamId: new Uint8Array(randomBytes(16)),
    keyId: randomUUID(),
    keyVersionId: randomUUID(),
    wrappedDataKey: new Uint8Array(randomBytes(108)),
    context: objectEncryptionContext("123456", objectKey),
  };
}

/** `bytes` as an async stream of chunks of the given sizes (cycled; at least 1 byte each). */
export async function* chunked(
  bytes: Uint8Array,
  sizes: readonly number[] = [bytes.length],
): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = Math.max(1, sizes[i % sizes.length] ?? bytes.length);
    yield bytes.slice(offset, offset + size);
    offset += size;
    i++;
  }
}

/** Collects a stream into one array. */
export async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

/** Encrypts `plaintext` (fed in chunks of `inputChunks`) into one array. */
export function seal(
  plaintext: Uint8Array,
  fields: ObjectHeaderFields,
  frameKey: Uint8Array,
  inputChunks?: readonly number[],
): Promise<Uint8Array> {
  return collect(sealObjectStream(chunked(plaintext, inputChunks), fields, frameKey));
}

/** Decrypts an encrypted object (fed in chunks of `chunks`) with the frame key, without KMS. */
export async function open(
  encrypted: Uint8Array,
  frameKey: Uint8Array,
  chunks?: readonly number[],
): Promise<Uint8Array> {
  const reader = new ByteReader(chunked(encrypted, chunks));
  const header = await readObjectHeader(reader);
  return collect(openObjectStream(reader, header, frameKey));
}

/** Where each frame starts and ends in an encrypted object (for tampering tests). */
export interface FrameSpan {
  readonly start: number;
  readonly end: number;
  readonly final: boolean;
}

/** The header length and the frame spans of a well-formed encrypted object. */
export function frameSpans(encrypted: Uint8Array, headerBytes: number, frameSize: number): FrameSpan[] {
  const spans: FrameSpan[] = [];
  let offset = headerBytes;
  while (offset < encrypted.length) {
    const final = encrypted[offset] === FRAME_FINAL;
    const length = final
      ? 5 + new DataView(encrypted.buffer, encrypted.byteOffset).getUint32(offset + 1) + FRAME_TAG_BYTES
      : 1 + frameSize + FRAME_TAG_BYTES;
    spans.push({ start: offset, end: offset + length, final });
    offset += length;
  }
  return spans;
}

/** Random bytes (deterministic content is not needed: every test compares with its own input). */
export function bytesOf(length: number): Uint8Array {
  return new Uint8Array(randomBytes(length));
}
