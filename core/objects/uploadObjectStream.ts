import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { LimitExceededError } from "../errors";
import type { PutObjectOptions } from "./ObjectStore";
import { translateS3Error } from "./translateS3Error";

/** S3's most parts per multipart upload. */
export const MAX_UPLOAD_PARTS = 10_000;

/** Where an upload goes. */
export interface UploadTarget {
  readonly client: S3Client;
  readonly bucket: string;
  readonly key: string;
}

/** How an upload is cut into parts. */
export interface UploadLimits {
  /** Bytes per part (but the last). */
  readonly partSize: number;
  /** The most parts (S3: 10,000, the default; tests lower it). */
  readonly maxParts?: number;
}

/**
 * The part size for an upload: `partSize`, grown when `sizeHint` says the object would otherwise need more than
 * `maxParts` parts (rounded up to a whole MiB).
 */
export function choosePartSize(
  partSize: number,
  sizeHint: number | undefined,
  maxParts: number = MAX_UPLOAD_PARTS,
): number {
  if (sizeHint === undefined || sizeHint <= partSize * maxParts) return partSize;
  const mib = 1024 * 1024;
  return Math.ceil(sizeHint / maxParts / mib) * mib;
}

/**
 * Writes a stream of unknown length to S3 with constant memory: one part buffer of `partSize` bytes, filled and
 * uploaded in turn (the upload of a part pauses the stream: back-pressure). A stream that ends before the first
 * part is full goes up as one PutObject; a longer one as a multipart upload whose parts are all `partSize` bytes
 * but the last (S3 wants at least 5 MiB per part but the last, and at most 10,000 parts). On any failure the multipart upload is aborted
 * (best effort) so no partial object ever becomes visible.
 * @throws ServiceUnavailableError (an S3 failure), LimitExceededError (more than 10,000 parts), or whatever the
 *   stream throws.
 */
export async function uploadObjectStream(
  target: UploadTarget,
  body: AsyncIterable<Uint8Array>,
  options: PutObjectOptions,
  limits: UploadLimits,
): Promise<void> {
  const { client, bucket, key } = target;
  const maxParts = limits.maxParts ?? MAX_UPLOAD_PARTS;
  const size = choosePartSize(limits.partSize, options.sizeHint, maxParts);
  const buffer = new Uint8Array(size);
  let filled = 0;
  let uploadId: string | undefined;
  const parts: CompletedPart[] = [];
  const start = async (): Promise<string> => {
    const created = await send("CreateMultipartUpload", () =>
      client.send(
        new CreateMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          Metadata: { ...options.metadata },
          ContentType: options.contentType,
        }),
      ),
    );
    if (!created.UploadId) throw translateS3Error("CreateMultipartUpload", created);
    return created.UploadId;
  };
  const uploadPart = async (id: string, bytes: Uint8Array): Promise<void> => {
    /* Precondition: a multipart upload has at most 10,000 parts. */
    if (parts.length >= maxParts) {
      throw new LimitExceededError(`the object needs more than ${maxParts} upload parts.`);
    }
    const PartNumber = parts.length + 1;
    const result = await send("UploadPart", () =>
      client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: id, PartNumber, Body: bytes })),
    );
    parts.push({ PartNumber, ETag: result.ETag });
  };
  try {
    for await (const chunk of body) {
      let offset = 0;
      while (offset < chunk.length) {
        if (filled === size) {
          uploadId ??= await start();
          await uploadPart(uploadId, buffer);
          filled = 0;
        }
        const n = Math.min(size - filled, chunk.length - offset);
        buffer.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
      }
    }
    if (uploadId === undefined) {
      await send("PutObject", () =>
        client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: buffer.subarray(0, filled),
            ContentLength: filled,
            Metadata: { ...options.metadata },
            ContentType: options.contentType,
          }),
        ),
      );
      return;
    }
    await uploadPart(uploadId, buffer.subarray(0, filled));
    const id = uploadId;
    await send("CompleteMultipartUpload", () =>
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: id,
          MultipartUpload: { Parts: parts },
        }),
      ),
    );
  } catch (error) {
    if (uploadId !== undefined) {
      const id = uploadId;
      await client
        .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: id }))
        .catch(() => undefined);
    }
    throw error;
  }
}

async function send<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateS3Error(operation, error);
  }
}
