/** What the object store reports about a stored object. */
export interface StoredObjectHead {
  /** The ETag without its quotes. */
  readonly etag: string;
  /** The object's size in bytes. */
  readonly size: number;
  /** The user metadata (`x-amz-meta-*`), names in lower case without the prefix. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly contentType?: string;
  /** Present in a versioned bucket. */
  readonly versionId?: string;
}

/** A stored object being downloaded. */
export interface StoredObject extends StoredObjectHead {
  /** The object's bytes, streamed. */
  readonly body: AsyncIterable<Uint8Array>;
  /** Stops the download; call it when the body is not read to its end. */
  close(): void;
}

/** What a new object is written with. */
export interface PutObjectOptions {
  readonly metadata: Readonly<Record<string, string>>;
  readonly contentType: string;
  /** The expected size, when known: lets the writer choose its part size (never trusted for correctness). */
  readonly sizeHint?: number;
}

/**
 * The object storage the event-triggered encryption reads from and writes to (DESIGN section 9): a port, so the
 * service logic needs no SDK (STYLE rule 6). S3ObjectStore implements it with @aws-sdk/client-s3.
 *
 * Implementations translate storage failures into KmsErrors (ServiceUnavailableError) and report an absent
 * object as `undefined`, never as an error.
 */
export interface ObjectStore {
  /** The object's head, or undefined when there is no such object. */
  head(bucket: string, key: string): Promise<StoredObjectHead | undefined>;
  /** Starts downloading the object (one version of it when `versionId` is given), or undefined when absent. */
  get(bucket: string, key: string, versionId?: string): Promise<StoredObject | undefined>;
  /** Writes an object from a stream of unknown length with constant memory; nothing is visible unless it all is. */
  put(bucket: string, key: string, body: AsyncIterable<Uint8Array>, options: PutObjectOptions): Promise<void>;
  /** Deletes the object (one version of it when `versionId` is given). */
  delete(bucket: string, key: string, versionId?: string): Promise<void>;
}
