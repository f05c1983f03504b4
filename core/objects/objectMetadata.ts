import { OBJECT_FORMAT_VERSION } from "./objectFormat";

/**
 * The user metadata (`x-amz-meta-<name>`) of an encrypted object. Informative and for idempotency only: nothing
 * here is trusted for decryption, which reads the authenticated header.
 */
export const OBJECT_METADATA = {
  /** The object format version ("1"). */
  format: "keyward-format",
  /** The service key id and version that wrapped the data key. */
  keyId: "keyward-key-id",
  keyVersionId: "keyward-key-version-id",
  /** Plaintext bytes per full frame. */
  frameSize: "keyward-frame-size",
  /** The source object's size, ETag, version and media type in the inbox bucket. */
  plaintextSize: "keyward-plaintext-size",
  sourceEtag: "keyward-source-etag",
  sourceVersionId: "keyward-source-version-id",
  sourceContentType: "keyward-source-content-type",
} as const;

/** What the metadata of an encrypted object records. */
export interface EncryptedObjectMetadata {
  readonly keyId: string;
  readonly keyVersionId: string;
  readonly frameSize: number;
  readonly plaintextSize: number;
  readonly sourceEtag: string;
  readonly sourceVersionId?: string;
  readonly sourceContentType?: string;
}

/** The S3 user metadata of an encrypted object (names without the `x-amz-meta-` prefix). */
export function encryptedObjectMetadata(fields: EncryptedObjectMetadata): Record<string, string> {
  const metadata: Record<string, string> = {
    [OBJECT_METADATA.format]: String(OBJECT_FORMAT_VERSION),
    [OBJECT_METADATA.keyId]: fields.keyId,
    [OBJECT_METADATA.keyVersionId]: fields.keyVersionId,
    [OBJECT_METADATA.frameSize]: String(fields.frameSize),
    [OBJECT_METADATA.plaintextSize]: String(fields.plaintextSize),
    [OBJECT_METADATA.sourceEtag]: fields.sourceEtag,
  };
  if (fields.sourceVersionId) metadata[OBJECT_METADATA.sourceVersionId] = fields.sourceVersionId;
  if (fields.sourceContentType && /^[\x20-\x7e]{1,255}$/.test(fields.sourceContentType)) {
    metadata[OBJECT_METADATA.sourceContentType] = fields.sourceContentType;
  }
  return metadata;
}
