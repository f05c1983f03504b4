import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3EventRecord } from "aws-lambda";

/** The part of s3rver's CommonJS export used here (the package ships no types). */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: "event", listener: (notification: S3rverNotification) => void): void;
  off(event: "event", listener: (notification: S3rverNotification) => void): void;
  httpServer?: Server;
}

/**
 * The event notification s3rver emits after a PUT, POST (multipart completion), COPY or DELETE: the S3 layout
 * (`{"Records":[...]}`), except that s3rver leaves the object key as is where S3 URL-encodes it.
 */
export interface S3rverNotification {
  readonly Records: readonly S3EventRecord[];
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  resetOnClose: boolean;
}) => S3rverInstance;

/** A running in-process s3rver (a real S3 API over HTTP) with its buckets created. */
export interface S3rverHandle {
  /** A client for this server: path-style addressing, credentials S3RVER/S3RVER, no default checksums. */
  readonly client: S3Client;
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** The temporary directory holding the objects (removed by `stop`). */
  readonly directory: string;
  /** Calls `listener` with every event notification until the returned function is called. */
  onNotification(listener: (notification: S3rverNotification) => void): () => void;
  /** Creates one more bucket. */
  createBucket(name: string): Promise<void>;
  /** Destroys the client, closes the server and removes the directory; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * An S3Client for an s3rver endpoint. Path-style addressing (s3rver serves `/<bucket>/<key>`), the credentials
 * s3rver accepts, and `WHEN_REQUIRED` checksums: with the SDK's default (`WHEN_SUPPORTED`), streaming uploads are
 * sent `aws-chunked` with a trailing checksum, an encoding s3rver 3.7.1 does not decode.
 */
export function s3rverClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/**
 * Starts s3rver 3.7.1 inside this process on a free loopback port, storing objects in a fresh temporary
 * directory, and creates `buckets`. s3rver is CommonJS without types: it is loaded with `createRequire`.
 */
export async function startS3rver(buckets: readonly string[] = []): Promise<S3rverHandle> {
  const S3rver = createRequire(import.meta.url)("s3rver") as S3rverClass;
  const directory = await mkdtemp(join(tmpdir(), "keyward-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    resetOnClose: true,
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = s3rverClient(endpoint);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      client.destroy();
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    })();
    return stopped;
  };
  const createBucket = async (name: string): Promise<void> => {
    await client.send(new CreateBucketCommand({ Bucket: name }));
  };
  try {
    for (const bucket of buckets) await createBucket(bucket);
  } catch (error) {
    await stop();
    throw error;
  }
  const onNotification = (listener: (notification: S3rverNotification) => void) => {
    server.on("event", listener);
    return () => server.off("event", listener);
  };
  return { client, endpoint, directory, onNotification, createBucket, stop };
}
