import type { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";
import { InvalidParameterError, ServiceUnavailableError } from "../errors";
import type { ObjectStore, PutObjectOptions, StoredObject, StoredObjectHead } from "./ObjectStore";
import { isMissingObject, translateS3Error } from "./translateS3Error";
import { type UploadLimits, uploadObjectStream } from "./uploadObjectStream";

/** The part size of multipart uploads unless configured: 8 MiB (S3's minimum is 5 MiB, but for the last part). */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

/** What an {@link S3ObjectStore} is built from. */
export interface S3ObjectStoreOptions {
  /** A client created once per process and reused (STYLE rule 17). */
  readonly client: S3Client;
  /** Bytes per upload part (default 8 MiB). Real S3 refuses parts under 5 MiB but the last; tests may go lower. */
  readonly partSize?: number;
  /** The most parts per upload (S3's limit, 10,000, unless a test lowers it). */
  readonly maxParts?: number;
}

/** An ETag as S3 quotes it, without the quotes. */
export function unquoteEtag(etag: string | undefined): string {
  return (etag ?? "").replace(/^W\//, "").replaceAll('"', "");
}

function headOf(output: Omit<HeadObjectCommandOutput, "$metadata">): StoredObjectHead {
  return {
    etag: unquoteEtag(output.ETag),
    size: output.ContentLength ?? 0,
    metadata: { ...(output.Metadata ?? {}) },
    ...(output.ContentType ? { contentType: output.ContentType } : {}),
    ...(output.VersionId && output.VersionId !== "null" ? { versionId: output.VersionId } : {}),
  };
}

/**
 * The ObjectStore over S3 with @aws-sdk/client-s3 (any S3-compatible server: s3rver in the tests). Downloads are
 * streamed; uploads use uploadObjectStream, so memory stays at one part buffer whatever the object's size.
 * Every SDK failure becomes a ServiceUnavailableError; a missing object is `undefined`.
 */
export class S3ObjectStore implements ObjectStore {
  readonly #client: S3Client;
  readonly #limits: UploadLimits;

  /** @throws InvalidParameterError when the part size is not a positive integer. */
  constructor(options: S3ObjectStoreOptions) {
    const partSize = options.partSize ?? DEFAULT_PART_SIZE;
    /* Precondition: the upload part size is a positive integer. */
    if (!Number.isSafeInteger(partSize) || partSize < 1) {
      throw new InvalidParameterError("partSize", "It must be a positive integer.");
    }
    this.#client = options.client;
    this.#limits = { partSize, ...(options.maxParts !== undefined ? { maxParts: options.maxParts } : {}) };
  }

  async head(bucket: string, key: string): Promise<StoredObjectHead | undefined> {
    try {
      return headOf(await this.#client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw translateS3Error("HeadObject", error);
    }
  }

  async get(bucket: string, key: string, versionId?: string): Promise<StoredObject | undefined> {
    try {
      const output = await this.#client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
      );
      const body = output.Body as unknown as Readable | undefined;
      if (!body) throw new ServiceUnavailableError("the object store returned no body (GetObject).");
      return { ...headOf(output), body, close: () => body.destroy() };
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw translateS3Error("GetObject", error);
    }
  }

  async put(
    bucket: string,
    key: string,
    body: AsyncIterable<Uint8Array>,
    options: PutObjectOptions,
  ): Promise<void> {
    await uploadObjectStream({ client: this.#client, bucket, key }, body, options, this.#limits);
  }

  async delete(bucket: string, key: string, versionId?: string): Promise<void> {
    try {
      await this.#client.send(
        new DeleteObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
      );
    } catch (error) {
      throw translateS3Error("DeleteObject", error);
    }
  }
}
