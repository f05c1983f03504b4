import { hkdfSync } from "node:crypto";
import { aesGcmOpen, aesGcmSeal, GCM_NONCE_BYTES } from "../crypto/aesGcm";
import { utf8 } from "../crypto/bytes";
import { InternalCryptoError, InvalidCiphertextError } from "../errors";
import {
  FRAME_FINAL,
  FRAME_REGULAR,
  FRAME_TAG_BYTES,
  MAX_FRAMES,
  OBJECT_DATA_KEY_BYTES,
  OBJECT_STREAM_ID_BYTES,
} from "./objectFormat";

/** The HKDF `info` of the frame key (suite 1). */
const FRAME_KEY_INFO = utf8("keyward object v1 frame key");
/** The AAD of a frame: header hash 32, frame index 8, frame type 1. */
const AAD_BYTES = 32 + 8 + 1;

/**
 * The key every frame of one object is sealed with: HKDF-SHA256 (RFC 5869) of the 32-byte data key, salted with
 * the object's random stream id, 32 bytes out. A data key is fresh per object already; the derivation makes the
 * frame key distinct per stream even if a data key were ever reused, so counter nonces can never repeat under
 * one key. The caller wipes the result.
 * @throws InternalCryptoError when the data key or the stream id has the wrong length (a server bug).
 */
export function deriveFrameKey(dataKey: Uint8Array, streamId: Uint8Array): Uint8Array {
  /* Precondition: the data key is 32 bytes. */
  if (dataKey.length !== OBJECT_DATA_KEY_BYTES) {
    throw new InternalCryptoError(`object data key of ${dataKey.length} bytes; 32 expected`);
  }
  /* Precondition: the salt is a 16-byte stream id. */
  if (streamId.length !== OBJECT_STREAM_ID_BYTES) {
    throw new InternalCryptoError(`stream id of ${streamId.length} bytes; 16 expected`);
  }
  return new Uint8Array(hkdfSync("sha256", dataKey, streamId, FRAME_KEY_INFO, 32));
}

/** The nonce of frame `index`: four zero bytes, then the index as a u64, big-endian (12 bytes). */
export function frameNonce(index: number): Uint8Array {
  const nonce = new Uint8Array(GCM_NONCE_BYTES);
  new DataView(nonce.buffer).setBigUint64(4, BigInt(index), false);
  return nonce;
}

/** The AAD of frame `index`: SHA-256(header) ‖ u64 index ‖ frame type (0x00 regular, 0x01 final). */
export function frameAad(headerHash: Uint8Array, index: number, final: boolean): Uint8Array {
  const aad = new Uint8Array(AAD_BYTES);
  aad.set(headerHash, 0);
  new DataView(aad.buffer).setBigUint64(32, BigInt(index), false);
  aad[40] = final ? FRAME_FINAL : FRAME_REGULAR;
  return aad;
}

/**
 * Seals one frame and returns its wire form: `0x00 ‖ ciphertext ‖ tag` for a regular frame,
 * `0x01 ‖ u32 length ‖ ciphertext ‖ tag` for the final one.
 * @throws InternalCryptoError when the object would need more than 2^32 frames.
 */
export function sealFrame(
  frameKey: Uint8Array,
  headerHash: Uint8Array,
  index: number,
  final: boolean,
  plaintext: Uint8Array,
): Uint8Array {
  /* Precondition: the frame index fits the 32-bit frame counter. */
  if (index >= MAX_FRAMES) throw new InternalCryptoError("object needs more than 2^32 frames");
  const { ciphertext, tag } = aesGcmSeal(
    frameKey,
    frameNonce(index),
    plaintext,
    frameAad(headerHash, index, final),
  );
  const prefix = final ? 5 : 1;
  const out = new Uint8Array(prefix + ciphertext.length + FRAME_TAG_BYTES);
  out[0] = final ? FRAME_FINAL : FRAME_REGULAR;
  if (final) new DataView(out.buffer).setUint32(1, ciphertext.length, false);
  out.set(ciphertext, prefix);
  out.set(tag, prefix + ciphertext.length);
  return out;
}

/**
 * Opens one frame's `ciphertext ‖ tag` and returns its plaintext, released only once the tag verifies.
 * @throws InvalidCiphertextError when the tag does not verify (tampered, reordered, retyped or foreign frame) or
 *   the object has more than 2^32 frames.
 */
export function openFrame(
  frameKey: Uint8Array,
  headerHash: Uint8Array,
  index: number,
  final: boolean,
  sealed: Uint8Array,
): Uint8Array {
  /* Precondition: the frame index of a stored frame fits the 32-bit frame counter. */
  if (index >= MAX_FRAMES) throw new InvalidCiphertextError();
  const split = sealed.length - FRAME_TAG_BYTES;
  return aesGcmOpen(
    frameKey,
    frameNonce(index),
    sealed.subarray(0, split),
    sealed.subarray(split),
    frameAad(headerHash, index, final),
  );
}
