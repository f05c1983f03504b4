import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidParameterError, LimitExceededError, ServiceUnavailableError } from "../../../core/errors";
import { S3ObjectStore } from "../../../core/objects/S3ObjectStore";
import { choosePartSize } from "../../../core/objects/uploadObjectStream";
import { type S3rverHandle, startS3rver } from "../../support/s3rver";
import { chunked, collect } from "../../unit/objects/streamSupport";

const BUCKET = "store-test";
let s3: S3rverHandle;

beforeAll(async () => {
  s3 = await startS3rver([BUCKET]);
});
afterAll(async () => {
  await s3?.stop();
});

const options = { contentType: "application/octet-stream", metadata: { "keyward-test": "yes" } };

async function roundTrip(store: S3ObjectStore, key: string, size: number, chunks: number[]) {
  const bytes = new Uint8Array(randomBytes(size));
  await store.put(BUCKET, key, chunked(bytes, chunks), options);
  const stored = await store.get(BUCKET, key);
  expect(stored).toBeDefined();
  expect(stored!.size).toBe(size);
  expect(stored!.metadata["keyward-test"]).toBe("yes");
  expect(stored!.contentType).toBe("application/octet-stream");
  expect(Buffer.from(await collect(stored!.body))).toEqual(Buffer.from(bytes));
}

describe("S3ObjectStore over s3rver", () => {
  it("writes an object shorter than one part with a single PutObject, empty ones included", async () => {
    const store = new S3ObjectStore({ client: s3.client, partSize: 1024 });
    await roundTrip(store, "single/empty", 0, [1]);
    await roundTrip(store, "single/short", 1000, [333]);
    await roundTrip(store, "single/exact", 1024, [100]);
  });

  it("writes a longer stream as a multipart upload of equal parts and a short last part", async () => {
    const store = new S3ObjectStore({ client: s3.client, partSize: 1024 });
    await roundTrip(store, "multi/uneven", 5 * 1024 + 17, [700, 3000]);
    await roundTrip(store, "multi/even", 4 * 1024, [1024]);
  });

  it("reports head, missing objects and deletes", async () => {
    const store = new S3ObjectStore({ client: s3.client });
    await store.put(BUCKET, "head/one", chunked(new Uint8Array([1, 2, 3])), options);
    const head = await store.head(BUCKET, "head/one");
    expect(head?.size).toBe(3);
    expect(head?.etag).toMatch(/^[0-9a-f]{32}$/);
    expect(await store.head(BUCKET, "head/none")).toBeUndefined();
    expect(await store.get(BUCKET, "head/none")).toBeUndefined();
    await store.delete(BUCKET, "head/one");
    expect(await store.head(BUCKET, "head/one")).toBeUndefined();
  });

  it("translates storage failures into ServiceUnavailableError", async () => {
    const store = new S3ObjectStore({ client: s3.client });
    await expect(
      store.put("no-such-bucket", "k", chunked(new Uint8Array([1])), options),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(store.get("no-such-bucket", "k")).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it("leaves no object behind when the stream fails in the middle of a multipart upload", async () => {
    const store = new S3ObjectStore({ client: s3.client, partSize: 1024 });
    async function* failing() {
      yield new Uint8Array(3000);
      throw new ServiceUnavailableError("the source broke");
    }
    await expect(store.put(BUCKET, "broken/object", failing(), options)).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(await store.head(BUCKET, "broken/object")).toBeUndefined();
    expect(await readdir(join(s3.directory, BUCKET)).catch(() => [])).not.toContain("broken");
  });

  it("the upload part size is a positive integer", () => {
    for (const partSize of [0, -1, 1.5]) {
      expect(() => new S3ObjectStore({ client: s3.client, partSize })).toThrow(InvalidParameterError);
    }
  });

  it("a multipart upload has at most 10,000 parts", async () => {
    const store = new S3ObjectStore({ client: s3.client, partSize: 100, maxParts: 3 });
    await roundTrip(store, "limit/fits", 300, [50]);
    await expect(
      store.put(BUCKET, "limit/over", chunked(new Uint8Array(301), [50]), options),
    ).rejects.toBeInstanceOf(LimitExceededError);
    expect(await store.head(BUCKET, "limit/over")).toBeUndefined();
  });

  it("grows the part size when the announced size would need too many parts", () => {
    const mib = 1024 * 1024;
    expect(choosePartSize(8 * mib, 10 * mib)).toBe(8 * mib);
    expect(choosePartSize(8 * mib, 10_000 * 8 * mib)).toBe(8 * mib);
    expect(choosePartSize(8 * mib, 10_000 * 8 * mib + 1)).toBe(9 * mib);
    expect(choosePartSize(100, 1000, 3)).toBe(mib);
  });
});
