import { InvalidCiphertextError } from "../errors";
import type { ByteReader } from "./ByteReader";
import { openFrame } from "./frameCrypto";
import { FRAME_FINAL, FRAME_REGULAR, FRAME_TAG_BYTES } from "./objectFormat";
import type { DecodedObjectHeader } from "./objectHeader";

/**
 * Decrypts the frames that follow an object header (layout above sealObjectStream), yielding each frame's
 * plaintext once its tag verifies. Memory stays constant: one sealed frame and its plaintext at a time.
 *
 * Streaming means the frames before a fault have been yielded when the fault is found: a consumer must treat
 * its output as valid only when the iteration ends without an error (the CLI writes to a temporary file and
 * renames it on success). The final frame is held back until the end of the stream is confirmed, so an object
 * with bytes after its final frame yields nothing of that frame.
 *
 * The caller owns `frameKey` and wipes it once the iteration is over.
 * @throws InvalidCiphertextError for a tampered, reordered, truncated or extended stream.
 */
export async function* openObjectStream(
  reader: ByteReader,
  header: DecodedObjectHeader,
  frameKey: Uint8Array,
): AsyncGenerator<Uint8Array> {
  for (let index = 0; ; index++) {
    const type = (await reader.read(1))[0];
    /* Precondition: a frame starts with type 0x00 (regular) or 0x01 (final). */
    if (type !== FRAME_REGULAR && type !== FRAME_FINAL) throw new InvalidCiphertextError();
    const final = type === FRAME_FINAL;
    let length = header.frameSize;
    if (final) {
      const bytes = await reader.read(4);
      length = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
      /* Precondition: the final frame holds at most one frame size of plaintext. */
      if (length > header.frameSize) throw new InvalidCiphertextError();
    }
    const sealed = await reader.read(length + FRAME_TAG_BYTES);
    const plaintext = openFrame(frameKey, header.headerHash, index, final, sealed);
    if (!final) {
      yield plaintext;
      continue;
    }
    /* Precondition: nothing follows the final frame. */
    if (!(await reader.atEnd())) throw new InvalidCiphertextError();
    if (plaintext.length > 0) yield plaintext;
    return;
  }
}
