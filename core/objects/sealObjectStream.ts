import { createHash } from "node:crypto";
import { sealFrame } from "./frameCrypto";
import { FRAME_TAG_BYTES } from "./objectFormat";
import { encodeObjectHeader, type ObjectHeaderFields } from "./objectHeader";

/**
 * Encrypts a plaintext stream into the Keyward object format, version 1 (DESIGN section 9;
 * docs/object-format.md): yields the header (see encodeObjectHeader), then the frames. Memory stays constant
 * whatever the object's size: one frame of plaintext (`frameSize` bytes) and one sealed frame at a time.
 *
 * Frames, in order, frame index i = 0, 1, 2, ...:
 *
 * ```
 * regular frame (every frame but the last; exactly F plaintext bytes):
 *   0       1     type = 0x00
 *   1       F     ciphertext (AES-256-GCM)
 *   1+F     16    tag
 * final frame (exactly one, last; L = 0 .. F plaintext bytes):
 *   0       1     type = 0x01
 *   1       4     L (u32, big-endian)
 *   5       L     ciphertext
 *   5+L     16    tag
 * ```
 *
 * Each frame is AES-256-GCM under the frame key K = HKDF-SHA256(data key, salt = stream id, info =
 * "keyward object v1 frame key"), with nonce `00 00 00 00 ‖ u64 i` (a counter: never reused under K) and
 * AAD `SHA-256(header) ‖ u64 i ‖ type`. So a changed header, a frame moved, dropped, duplicated, retyped or
 * altered, a missing final frame (truncation) or bytes after it (extension) all fail to decrypt. An empty object
 * is one empty final frame; a plaintext whose size is a multiple of F ends with a full final frame.
 *
 * The caller owns `frameKey` (see deriveFrameKey) and wipes it once the stream is consumed.
 * @throws InvalidParameterError from encodeObjectHeader; InternalCryptoError past 2^32 frames.
 */
export async function* sealObjectStream(
  plaintext: AsyncIterable<Uint8Array>,
  fields: ObjectHeaderFields,
  frameKey: Uint8Array,
): AsyncGenerator<Uint8Array> {
  const header = encodeObjectHeader(fields);
  const headerHash = new Uint8Array(createHash("sha256").update(header).digest());
  yield header;
  const frameSize = fields.frameSize;
  const buffer = new Uint8Array(frameSize);
  let filled = 0;
  let index = 0;
  try {
    for await (const chunk of plaintext) {
      let offset = 0;
      while (offset < chunk.length) {
        // A full buffer becomes a regular frame only once more plaintext shows it is not the last.
        if (filled === frameSize) {
          yield sealFrame(frameKey, headerHash, index, false, buffer);
          index += 1;
          filled = 0;
        }
        const n = Math.min(frameSize - filled, chunk.length - offset);
        buffer.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
      }
    }
    yield sealFrame(frameKey, headerHash, index, true, buffer.subarray(0, filled));
  } finally {
    buffer.fill(0);
  }
}

/**
 * The exact size of an encrypted object: header, then ⌈N/F⌉−1 regular frames (none when N = 0) and the final
 * frame. Lets a writer choose its upload part size before the first byte.
 */
export function encryptedObjectSize(headerBytes: number, frameSize: number, plaintextSize: number): number {
  const regular = plaintextSize === 0 ? 0 : Math.ceil(plaintextSize / frameSize) - 1;
  const last = plaintextSize - regular * frameSize;
  return headerBytes + regular * (1 + frameSize + FRAME_TAG_BYTES) + (5 + last + FRAME_TAG_BYTES);
}
