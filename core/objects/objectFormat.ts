/**
 * The constants of the Keyward object format, version 1 (DESIGN section 9; byte-by-byte layout in
 * docs/object-format.md and above {@link encodeObjectHeader} and {@link sealObjectStream}).
 */

/** The first four bytes of every encrypted object: "KWOB". */
export const OBJECT_MAGIC: readonly number[] = [0x4b, 0x57, 0x4f, 0x42];
/** The format version this code writes and reads. A new layout gets a new version; version 1 stays readable. */
export const OBJECT_FORMAT_VERSION = 1;
/** Suite 1: AES-256-GCM frames under an HKDF-SHA256 frame key, 96-bit counter nonces, 128-bit tags. */
export const OBJECT_SUITE_AES_256_GCM_HKDF_SHA256 = 1;
/** The data key length of suite 1 (AES-256). */
export const OBJECT_DATA_KEY_BYTES = 32;
/** The random stream id: the HKDF salt that makes every object's frame key distinct. */
export const OBJECT_STREAM_ID_BYTES = 16;

/** The plaintext bytes of a full frame unless the writer chooses otherwise: 64 KiB. */
export const DEFAULT_FRAME_SIZE = 64 * 1024;
/** The smallest frame size a header may declare. */
export const MIN_FRAME_SIZE = 1;
/** The largest frame size a header may declare (16 MiB): bounds what a reader allocates for one frame. */
export const MAX_FRAME_SIZE = 16 * 1024 * 1024;
/** The most frames an object may have (the frame index is a 32-bit counter inside a 64-bit nonce field). */
export const MAX_FRAMES = 2 ** 32;

/** The longest wrapped data key (GenerateDataKey's CiphertextBlob) a header may carry. */
export const MAX_WRAPPED_KEY_BYTES = 1024;
/** The longest encoded EncryptionContext a header may carry (u16 length). */
export const MAX_CONTEXT_BYTES = 0xffff;

/** The fixed part of a header: magic 4, version 1, suite 1, frame size 4, stream id 16, key id 16, version 16. */
export const HEADER_FIXED_BYTES = 58;

/** The first byte of a frame that is not the last one. */
export const FRAME_REGULAR = 0x00;
/** The first byte of the last frame of an object. */
export const FRAME_FINAL = 0x01;
/** The GCM tag closing every frame. */
export const FRAME_TAG_BYTES = 16;

/** The media type written for encrypted objects. */
export const OBJECT_CONTENT_TYPE = "application/octet-stream";
