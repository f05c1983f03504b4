import { createCipheriv, createHash } from "node:crypto";
import { Readable } from "node:stream";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptStoredObject } from "../../../core/objects/decryptStoredObject";
import { OBJECT_METADATA } from "../../../core/objects/objectMetadata";
import { encodeS3EventKey } from "../../../functions/lib/s3EventRecords";
import { invoke, sqsEvent } from "./handlerSupport";
import { ENCRYPTED, INBOX, type ObjectStack, startObjectStack } from "./objectStack";

const MiB = 1024 * 1024;
const SIZE = 64 * MiB;
/** The documented bound (docs/object-format.md, "Memory"): growth stays below the object's size. */
const BOUND = 64 * MiB;
const ACCOUNT = "1234567890123456";
const KEY = `${ACCOUNT}/large/64MiB.bin`;

let stack: ObjectStack;

beforeAll(async () => {
  stack = await startObjectStack();
});
afterAll(async () => {
  await stack?.stop();
});

/** 64 MiB of AES-CTR keystream (incompressible, reproducible), produced 1 MiB at a time. */
function* keystream(size: number): Generator<Buffer> {
  const cipher = createCipheriv("aes-128-ctr", Buffer.alloc(16, 7), Buffer.alloc(16));
  const zeros = Buffer.alloc(MiB);
  for (let offset = 0; offset < size; offset += MiB)
    yield cipher.update(zeros.subarray(0, Math.min(MiB, size - offset)));
}

/** Samples rss and arrayBuffers every 10 ms while `run` runs; returns the peak growth over the start. */
async function peakGrowth<T>(
  run: () => Promise<T>,
): Promise<{ result: T; rss: number; arrayBuffers: number }> {
  const start = process.memoryUsage();
  let rss = 0;
  let arrayBuffers = 0;
  const sample = () => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss - start.rss);
    arrayBuffers = Math.max(arrayBuffers, now.arrayBuffers - start.arrayBuffers);
  };
  const timer = setInterval(sample, 10);
  try {
    const result = await run();
    sample();
    return { result, rss, arrayBuffers };
  } finally {
    clearInterval(timer);
  }
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

describe("a 64 MiB object", () => {
  it("is encrypted and decrypted with bounded memory (default 64 KiB frames, 8 MiB upload parts)", async () => {
    const { deps } = await stack.newDeps();
    // Production sizes: default frame size and part size.
    const settings = stack.settings({ frameSize: undefined, partSize: 8 * MiB });
    const sourceHash = createHash("sha256");
    await stack.s3.client.send(
      new PutObjectCommand({
        Bucket: INBOX,
        Key: KEY,
        ContentLength: SIZE,
        Body: Readable.from(
          (function* () {
            for (const chunk of keystream(SIZE)) {
              sourceHash.update(chunk);
              yield chunk;
            }
          })(),
        ),
      }),
    );
    const etag = (await stack.s3.client.send(new HeadObjectCommand({ Bucket: INBOX, Key: KEY }))).ETag!;
    const record = {
      eventSource: "aws:s3",
      eventName: "ObjectCreated:Put",
      s3: { bucket: { name: INBOX }, object: { key: encodeS3EventKey(KEY), size: SIZE, eTag: etag } },
    };

    const encryption = await peakGrowth(() => invoke(deps, settings, sqsEvent([record as never])));
    expect(encryption.result.response.batchItemFailures).toEqual([]);
    const head = await stack.s3.client.send(new HeadObjectCommand({ Bucket: ENCRYPTED, Key: KEY }));
    expect(head.Metadata?.[OBJECT_METADATA.frameSize]).toBe("65536");
    expect(head.ContentLength).toBeGreaterThan(SIZE);

    const plainHash = createHash("sha256");
    const decryption = await peakGrowth(() =>
      decryptStoredObject(
        deps,
        { accountId: ACCOUNT },
        { objects: settings.objects, bucket: ENCRYPTED, key: KEY },
        async (plaintext) => {
          let bytes = 0;
          for await (const chunk of plaintext) {
            plainHash.update(chunk);
            bytes += chunk.length;
          }
          return bytes;
        },
      ),
    );
    expect(decryption.result).toBe(SIZE);
    expect(plainHash.digest("hex")).toBe(sourceHash.digest("hex"));

    console.log(
      `64 MiB object, peak growth: encrypt rss ${mib(encryption.rss)}, arrayBuffers ${mib(encryption.arrayBuffers)}; ` +
        `decrypt rss ${mib(decryption.rss)}, arrayBuffers ${mib(decryption.arrayBuffers)}`,
    );
    for (const growth of [encryption.rss, encryption.arrayBuffers, decryption.rss, decryption.arrayBuffers]) {
      expect(growth).toBeLessThan(BOUND);
    }
  });
});
