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
  /* Precondition: the id is a canonical lower-case UUID. */
  if (!isCanonicalUuid(uuid)) throw new InternalCryptoError("an id to encode is not a canonical UUID");
  const out = new Uint8Array(16);
  // The checked form has hex digits only between its dashes: Buffer's hex decoder reads each group whole.
  const view = Buffer.from(out.buffer, out.byteOffset, 16);
  view.write(uuid.slice(0, 8), 0, "hex");
  view.write(uuid.slice(9, 13), 4, "hex");
  view.write(uuid.slice(14, 18), 6, "hex");
  view.write(uuid.slice(19, 23), 8, "hex");
  view.write(uuid.slice(24), 10, "hex");
  return out;
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
