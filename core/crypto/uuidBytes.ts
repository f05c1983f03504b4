import { InternalCryptoError } from "../errors";

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether `text` is a UUID in canonical form: 8-4-4-4-12 lower-case hex digits (RFC 9562 section 4). */
export function isCanonicalUuid(text: string): boolean {
  return CANONICAL_UUID.test(text);
}

/**
 * The 16 bytes of a UUID (RFC 9562 section 4: the hex digits in order), as the ciphertext blob stores key and
 * version ids (DESIGN section 4). Only the canonical lower-case form is accepted, so that
 * `bytesToUuid(uuidToBytes(id)) === id` always holds.
 * @throws InternalCryptoError when `uuid` is not a canonical UUID (ids are minted by Keyward; another form is a
 *   server bug).
 */
export function uuidToBytes(uuid: string): Uint8Array {
  const out = new Uint8Array(16);
  let byte = 0;
  /* Precondition: the id is a canonical lower-case UUID. */
  let valid = uuid.length === 36;
  for (const [start, end] of valid ? GROUPS : []) {
    if (start > 0 && uuid.charCodeAt(start - 1) !== DASH) valid = false;
    for (let i = start; i < end; i += 2) {
      const high = hexValue(uuid.charCodeAt(i));
      const low = hexValue(uuid.charCodeAt(i + 1));
      if (high < 0 || low < 0) valid = false;
      out[byte++] = (high << 4) | low;
    }
  }
  if (!valid) throw new InternalCryptoError("an id to encode is not a canonical UUID");
  return out;
}

/** The hex-digit groups of the canonical form, [start, end) (a dash precedes every group but the first). */
const GROUPS: readonly (readonly [number, number])[] = [
  [0, 8],
  [9, 13],
  [14, 18],
  [19, 23],
  [24, 36],
];
const DASH = 0x2d;

/** The value of a lower-case hex digit's char code, or -1. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/**
 * The canonical lower-case UUID string of 16 bytes (any 16 bytes; no version or variant check, since the blob
 * decoder must accept whatever it finds and let the key lookup decide).
 * @throws InternalCryptoError when `bytes` is not 16 bytes long.
 */
export function bytesToUuid(bytes: Uint8Array): string {
  /* Precondition: a UUID is 16 bytes. */
  if (bytes.length !== 16) throw new InternalCryptoError(`a UUID of ${bytes.length} bytes; 16 expected`);
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
