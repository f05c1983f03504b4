import { InternalCryptoError, InvalidCiphertextError } from "../errors";
import type { SymmetricSuite } from "../keys/types";
import { GCM_NONCE_BYTES, GCM_TAG_BYTES } from "./aesGcm";
import { concatBytes, copyBytes } from "./bytes";
import { type EncryptionContext, encodeEncryptionContext } from "./encryptionContext";
import { bytesToUuid, uuidToBytes } from "./uuidBytes";

/** The first two bytes of every Keyward ciphertext blob: "KW". */
export const BLOB_MAGIC: readonly [number, number] = [0x4b, 0x57];
/** The format version this code writes. Older versions stay readable forever (DESIGN section 4). */
export const BLOB_VERSION = 1;
/** Bytes 0-35 of a v1 blob: magic, version, suite, key id, version id. They open the associated data. */
export const BLOB_V1_HEADER_BYTES = 36;
/** The shortest v1 blob: header, nonce, empty ciphertext, tag. */
export const BLOB_V1_MIN_BYTES = BLOB_V1_HEADER_BYTES + GCM_NONCE_BYTES + GCM_TAG_BYTES;

const SUITE_TO_BYTE: Readonly<Record<SymmetricSuite, number>> = { AES_GCM: 1, SM4_GCM: 2 };
const BYTE_TO_SUITE: ReadonlyMap<number, SymmetricSuite> = new Map([
  [1, "AES_GCM"],
  [2, "SM4_GCM"],
]);

/** What a blob names: the suite and the key version whose material encrypted it. */
export interface BlobHeaderFields {
  readonly suite: SymmetricSuite;
  /** The key id, a canonical lower-case UUID. */
  readonly keyId: string;
  /** The key version id, a canonical lower-case UUID. */
  readonly versionId: string;
}

/** A ciphertext blob's fields: its header and the AEAD output. */
export interface CiphertextBlobFields extends BlobHeaderFields {
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

/** A decoded blob: its fields, the format version it was read with, and its header bytes (for the AAD). */
export interface DecodedCiphertextBlob extends CiphertextBlobFields {
  readonly formatVersion: number;
  /** Bytes 0-35 exactly as received: the first part of the associated data. */
  readonly header: Uint8Array;
}

/**
 * Bytes 0-35 of a v1 blob (DESIGN section 4). Encrypt builds them first, since they open the associated data.
 * @throws InternalCryptoError when an id is not a canonical UUID.
 */
export function encodeBlobHeader(fields: BlobHeaderFields): Uint8Array {
  const header = new Uint8Array(BLOB_V1_HEADER_BYTES);
  header.set(BLOB_MAGIC, 0);
  header[2] = BLOB_VERSION;
  header[3] = SUITE_TO_BYTE[fields.suite];
  header.set(uuidToBytes(fields.keyId), 4);
  header.set(uuidToBytes(fields.versionId), 20);
  return header;
}

/**
 * Encodes a ciphertext blob, format version 1 (DESIGN section 4). Byte by byte:
 *
 * ```
 * offset  size  field
 * 0       2     magic "KW" = 0x4B 0x57
 * 2       1     format version = 0x01
 * 3       1     suite: 0x01 = AES-GCM (AES-128/192/256 by the key's length), 0x02 = SM4-GCM
 * 4       16    key id, the UUID's 16 bytes in hex-digit order
 * 20      16    key version id, likewise
 * 36      12    nonce
 * 48      n     ciphertext (n = plaintext length; n may be 0)
 * 48+n    16    tag
 * ```
 *
 * The associated data of the AEAD is bytes 0-35 followed by the canonical EncryptionContext encoding
 * ({@link blobAssociatedData}); the context itself is never stored.
 * @throws InternalCryptoError when an id is not a canonical UUID, the nonce is not 12 bytes or the tag not 16.
 */
export function encodeCiphertextBlob(fields: CiphertextBlobFields): Uint8Array {
  return assembleCiphertextBlob(encodeBlobHeader(fields), fields);
}

/**
 * A v1 blob from header bytes {@link encodeBlobHeader} made and the AEAD output: the bytes
 * {@link encodeCiphertextBlob} gives for the header's fields, for an encrypter that already built the header for the
 * associated data (so it is not encoded twice).
 * @throws InternalCryptoError when the header is not 36 bytes, the nonce not 12 bytes or the tag not 16.
 */
export function assembleCiphertextBlob(
  header: Uint8Array,
  sealed: Pick<CiphertextBlobFields, "nonce" | "ciphertext" | "tag">,
): Uint8Array {
  /* Precondition: the blob's header is 36 bytes. */
  if (header.length !== BLOB_V1_HEADER_BYTES) {
    throw new InternalCryptoError(
      `a blob header of ${header.length} bytes; ${BLOB_V1_HEADER_BYTES} expected`,
    );
  }
  /* Precondition: the blob's nonce is 12 bytes and its tag 16 bytes. */
  if (sealed.nonce.length !== GCM_NONCE_BYTES || sealed.tag.length !== GCM_TAG_BYTES) {
    throw new InternalCryptoError("a blob to encode has a nonce or tag of the wrong length");
  }
  return concatBytes(header, sealed.nonce, sealed.ciphertext, sealed.tag);
}

function decodeV1(bytes: Uint8Array): DecodedCiphertextBlob {
  /* Precondition: a v1 blob holds at least header, nonce and tag. */
  if (bytes.length < BLOB_V1_MIN_BYTES) throw new InvalidCiphertextError();
  const suite = BYTE_TO_SUITE.get(bytes[3] as number);
  /* Precondition: the suite byte names a known suite. */
  if (suite === undefined) throw new InvalidCiphertextError();
  const tagStart = bytes.length - GCM_TAG_BYTES;
  return {
    formatVersion: 1,
    suite,
    keyId: bytesToUuid(bytes.subarray(4, 20)),
    versionId: bytesToUuid(bytes.subarray(20, 36)),
    header: copyBytes(bytes.subarray(0, BLOB_V1_HEADER_BYTES)),
    nonce: copyBytes(bytes.subarray(36, 48)),
    ciphertext: copyBytes(bytes.subarray(48, tagStart)),
    tag: copyBytes(bytes.subarray(tagStart)),
  };
}

/** One decoder per format version; a new layout adds an entry and never changes an old one. */
const DECODERS: ReadonlyMap<number, (bytes: Uint8Array) => DecodedCiphertextBlob> = new Map([[1, decodeV1]]);

/**
 * Decodes a ciphertext blob, choosing the decoder by its format-version byte. The fields are copies: wiping or
 * changing them leaves `bytes` alone.
 * @throws InvalidCiphertextError for anything that is not a well-formed blob (too short, wrong magic, unknown
 *   version or suite), and never any other error.
 */
export function decodeCiphertextBlob(bytes: Uint8Array): DecodedCiphertextBlob {
  /* Precondition: the blob is long enough to hold magic and version. */
  if (!(bytes instanceof Uint8Array) || bytes.length < 3) throw new InvalidCiphertextError();
  /* Precondition: the blob starts with the magic "KW". */
  if (bytes[0] !== BLOB_MAGIC[0] || bytes[1] !== BLOB_MAGIC[1]) throw new InvalidCiphertextError();
  const decoder = DECODERS.get(bytes[2] as number);
  /* Precondition: the format version is one this code reads. */
  if (decoder === undefined) throw new InvalidCiphertextError();
  return decoder(bytes);
}

/**
 * The associated data of a blob: its bytes 0-35 followed by the canonical EncryptionContext encoding
 * (DESIGN section 4). A changed context, key id, version id or suite therefore fails authentication.
 * @throws InternalCryptoError when `header` is not 36 bytes.
 * @throws InvalidParameterError (`EncryptionContext`) when the context cannot be encoded losslessly.
 */
export function blobAssociatedData(header: Uint8Array, context: EncryptionContext | undefined): Uint8Array {
  /* Precondition: the header is the blob's 36 first bytes. */
  if (header.length !== BLOB_V1_HEADER_BYTES) {
    throw new InternalCryptoError(
      `a blob header of ${header.length} bytes; ${BLOB_V1_HEADER_BYTES} expected`,
    );
  }
  return concatBytes(header, encodeEncryptionContext(context));
}
