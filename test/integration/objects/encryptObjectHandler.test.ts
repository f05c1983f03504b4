import { CopyObjectCommand, DeleteObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import type { S3Event } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeEncryptionContext } from "../../../core/crypto/encryptionContext";
import { InvalidCiphertextError, KeyNotFoundError, ServiceUnavailableError } from "../../../core/errors";
import { encryptInboxObject } from "../../../core/objects/encryptInboxObject";
import type { ObjectStore } from "../../../core/objects/ObjectStore";
import { objectEncryptionContext } from "../../../core/objects/objectContext";
import { OBJECT_METADATA } from "../../../core/objects/objectMetadata";
import { encryptedObjectSize } from "../../../core/objects/sealObjectStream";
import type { ServiceDeps } from "../../../core/service/ServiceDeps";
import { serviceKeyAlias } from "../../../core/service/serviceKeys";
import { bytesOf } from "../../unit/objects/streamSupport";
import { decryptAt, invoke, putInbox, sqsEvent, statuses } from "./handlerSupport";
import { ENCRYPTED, INBOX, type ObjectStack, startObjectStack } from "./objectStack";

const ACCOUNT = "1234567890123456";
let stack: ObjectStack;
let deps: ServiceDeps;

beforeAll(async () => {
  stack = await startObjectStack();
  ({ deps } = await stack.newDeps());
});
afterAll(async () => {
  await stack?.stop();
});

async function head(bucket: string, key: string) {
  return stack.s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
}

describe("encrypt-object handler: S3 -> SQS -> Lambda", () => {
  it("encrypts objects of 0 bytes, 1 byte, exactly one frame and many frames, which decrypt back", async () => {
    const settings = stack.settings(); // 4 KiB frames, 64 KiB upload parts
    const sizes = { empty: 0, one: 1, frame: 4096, many: 37 * 4096 + 5 };
    const sources = new Map<string, Uint8Array>();
    const records = [];
    for (const [name, size] of Object.entries(sizes)) {
      const key = `${ACCOUNT}/sizes/${name}.bin`;
      sources.set(key, bytesOf(size));
      records.push(await putInbox(stack.s3, key, sources.get(key)!));
    }
    const { response, logs } = await invoke(deps, settings, sqsEvent(...records.map((r) => [r])));
    expect(response.batchItemFailures).toEqual([]);
    expect(statuses(logs)).toEqual(["encrypted", "encrypted", "encrypted", "encrypted"]);
    const serviceKey = await deps.aliases.get(ACCOUNT, serviceKeyAlias("S3"));
    for (const [key, plaintext] of sources) {
      const stored = await head(ENCRYPTED, key);
      const metadata = stored!.Metadata!;
      expect(metadata[OBJECT_METADATA.format]).toBe("1");
      expect(metadata[OBJECT_METADATA.keyId]).toBe(serviceKey!.keyId);
      expect(metadata[OBJECT_METADATA.keyVersionId]).toMatch(/^[0-9a-f-]{36}$/);
      expect(metadata[OBJECT_METADATA.frameSize]).toBe("4096");
      expect(metadata[OBJECT_METADATA.plaintextSize]).toBe(String(plaintext.length));
      expect(metadata[OBJECT_METADATA.sourceEtag]).toBe((await head(INBOX, key))!.ETag!.replaceAll('"', ""));
      // header: 62 fixed bytes, the 108-byte CiphertextBlob of a 32-byte data key, the encoded context
      const headerBytes = 62 + 108 + encodeEncryptionContext(objectEncryptionContext(ACCOUNT, key)).length;
      expect(stored!.ContentLength).toBe(encryptedObjectSize(headerBytes, 4096, plaintext.length));
      expect(Buffer.from(await decryptAt(deps, settings, ACCOUNT, key))).toEqual(Buffer.from(plaintext));
      expect(await head(INBOX, key)).toBeDefined(); // kept: deletion is off by default
    }
    const text = logs.sink.join("\n");
    expect(text).toContain(`${ACCOUNT}/sizes/many.bin`);
    expect(text).not.toContain(Buffer.from(sources.get(`${ACCOUNT}/sizes/one.bin`)!).toString("base64"));
  });

  it("decodes URL-encoded keys, + for a space", async () => {
    const settings = stack.settings();
    const key = `${ACCOUNT}/my folder/a+b=c é.txt`;
    const plaintext = new TextEncoder().encode("hello world");
    const record = await putInbox(stack.s3, key, plaintext);
    expect(record.s3.object.key).toBe(`${ACCOUNT}/my+folder/a%2Bb%3Dc+%C3%A9.txt`);
    const { response } = await invoke(deps, settings, sqsEvent([record]));
    expect(response.batchItemFailures).toEqual([]);
    expect(new TextDecoder().decode(await decryptAt(deps, settings, ACCOUNT, key))).toBe("hello world");
  });

  it("creates the account's service key on first use and reuses it, also under concurrent deliveries", async () => {
    const { deps: fresh } = await stack.newDeps();
    const settings = stack.settings();
    const account = "555000111";
    expect(await fresh.aliases.get(account, serviceKeyAlias("S3"))).toBeUndefined();
    const records = await Promise.all(
      ["a", "b", "c", "d"].map((name) => putInbox(stack.s3, `${account}/${name}`, bytesOf(10))),
    );
    const results = await Promise.all([
      invoke(fresh, settings, sqsEvent([records[0]!], [records[1]!])),
      invoke(fresh, settings, sqsEvent([records[2]!], [records[3]!])),
    ]);
    for (const { response } of results) expect(response.batchItemFailures).toEqual([]);
    const keyIds = new Set<string>();
    for (const name of ["a", "b", "c", "d"]) {
      keyIds.add((await head(ENCRYPTED, `${account}/${name}`))!.Metadata![OBJECT_METADATA.keyId]!);
    }
    expect(keyIds.size).toBe(1);
    const alias = await fresh.aliases.get(account, serviceKeyAlias("S3"));
    expect(keyIds.has(alias!.keyId)).toBe(true);
    const listed = await fresh.keys.list(account, {}, { pageNumber: 1, pageSize: 10 });
    expect(listed.totalCount).toBe(1);
    expect(await fresh.keys.get(account, alias!.keyId)).toMatchObject({
      creator: "S3",
      creatorType: "Service",
    });
  });

  it("makes a repeated delivery of the same event harmless", async () => {
    const settings = stack.settings();
    const key = `${ACCOUNT}/dup/once.txt`;
    const record = await putInbox(stack.s3, key, bytesOf(5000));
    const first = await invoke(deps, settings, sqsEvent([record]));
    const before = await head(ENCRYPTED, key);
    const again = await invoke(deps, settings, sqsEvent([record], [record]));
    expect(first.response.batchItemFailures).toEqual([]);
    expect(again.response.batchItemFailures).toEqual([]);
    expect(statuses(again.logs)).toEqual(["duplicate", "duplicate"]);
    const after = await head(ENCRYPTED, key);
    expect(after!.ETag).toBe(before!.ETag); // not rewritten: same stream id, same data key
    expect(after!.LastModified).toEqual(before!.LastModified);
  });

  it("reports failed messages in batchItemFailures and processes the others", async () => {
    const settings = stack.settings();
    const good = await putInbox(stack.s3, `${ACCOUNT}/batch/good.txt`, bytesOf(10));
    const noAccount = await putInbox(stack.s3, "no-account-prefix.txt", bytesOf(10));
    const event = sqsEvent([good], "{not json", [noAccount], JSON.stringify({ Event: "s3:TestEvent" }));
    const { response, logs } = await invoke(deps, settings, event);
    const ids = event.Records.map((r) => r.messageId);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: ids[1] }, { itemIdentifier: ids[2] }]);
    expect(await head(ENCRYPTED, `${ACCOUNT}/batch/good.txt`)).toBeDefined();
    expect(await head(INBOX, "no-account-prefix.txt")).toBeDefined();
    const failure = logs.records().find((r) => r.message?.toString().startsWith("inbox object failed"));
    expect(failure).toMatchObject({ key: "no-account-prefix.txt", code: "InvalidParameter" });
  });

  it("leaves the source in place when writing fails, and succeeds when the message comes back", async () => {
    const key = `${ACCOUNT}/retry/later.txt`;
    const plaintext = bytesOf(200_000);
    const record = await putInbox(stack.s3, key, plaintext);
    const broken = stack.settings({ encryptedBucket: "no-such-bucket", deleteSource: true });
    const event = sqsEvent([record]);
    const failed = await invoke(deps, broken, event);
    expect(failed.response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]!.messageId }]);
    expect(failed.logs.records().find((r) => r.code)).toMatchObject({ code: "ServiceUnavailableTemporary" });
    expect(await head(INBOX, key)).toBeDefined();

    const settings = stack.settings({ deleteSource: true });
    const retried = await invoke(deps, settings, event);
    expect(retried.response.batchItemFailures).toEqual([]);
    expect(Buffer.from(await decryptAt(deps, settings, ACCOUNT, key))).toEqual(Buffer.from(plaintext));
    // s3rver's inbox is not versioned: without a version id to delete exactly, the source is kept and it says so
    // (deletion of exact versions: versionedInbox.test.ts).
    expect(await head(INBOX, key)).toBeDefined();
    const processed = retried.logs.records().find((r) => r.message === "inbox object processed");
    expect(processed).toMatchObject({ status: "encrypted", sourceKept: "unversioned" });
  });

  it("skips an event whose object was replaced since, and one whose object is gone", async () => {
    const settings = stack.settings();
    const key = `${ACCOUNT}/replaced.txt`;
    const v1 = await putInbox(stack.s3, key, new TextEncoder().encode("version 1"));
    const v2 = await putInbox(stack.s3, key, new TextEncoder().encode("version 2"));
    const { logs } = await invoke(deps, settings, sqsEvent([v1], [v2], [v1]));
    expect(statuses(logs)).toEqual(["superseded", "encrypted", "superseded"]);
    expect(new TextDecoder().decode(await decryptAt(deps, settings, ACCOUNT, key))).toBe("version 2");

    const gone = await putInbox(stack.s3, `${ACCOUNT}/gone.txt`, bytesOf(3));
    await stack.s3.client.send(new DeleteObjectCommand({ Bucket: INBOX, Key: `${ACCOUNT}/gone.txt` }));
    const missing = await invoke(deps, settings, sqsEvent([gone]));
    expect(missing.response.batchItemFailures).toEqual([]);
    expect(statuses(missing.logs)).toEqual(["source-missing"]);
    expect(await head(ENCRYPTED, `${ACCOUNT}/gone.txt`)).toBeUndefined();
  });

  it("ignores removal events and folder markers", async () => {
    const settings = stack.settings();
    const marker = await putInbox(stack.s3, `${ACCOUNT}/folder/`, new Uint8Array(0));
    const removal = { ...marker, eventName: "ObjectRemoved:Delete" };
    const { response, logs } = await invoke(deps, settings, sqsEvent([marker], [removal]));
    expect(response.batchItemFailures).toEqual([]);
    expect(statuses(logs)).toEqual(["ignored"]);
    expect(await head(ENCRYPTED, `${ACCOUNT}/folder/`)).toBeUndefined();
  });

  it("the event comes from the inbox bucket", async () => {
    const settings = stack.settings();
    const record = await putInbox(stack.s3, `${ACCOUNT}/other-bucket.txt`, bytesOf(3));
    const foreign = {
      ...record,
      s3: { ...record.s3, bucket: { ...record.s3.bucket, name: "someone-else" } },
    };
    const event = sqsEvent([foreign]);
    const { response } = await invoke(deps, settings, event);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]!.messageId }]);
    expect(await head(ENCRYPTED, `${ACCOUNT}/other-bucket.txt`)).toBeUndefined();
  });

  it("accepts a direct S3 invocation, and throws on failure so that Lambda retries it", async () => {
    const settings = stack.settings();
    const record = await putInbox(stack.s3, `${ACCOUNT}/direct.txt`, bytesOf(10));
    const ok = await invoke(deps, settings, { Records: [record] } as S3Event);
    expect(ok.response.batchItemFailures).toEqual([]);
    expect(await head(ENCRYPTED, `${ACCOUNT}/direct.txt`)).toBeDefined();
    const bad = await putInbox(stack.s3, "direct-without-account.txt", bytesOf(10));
    await expect(invoke(deps, settings, { Records: [bad] } as S3Event)).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
  });

  it("decrypts only for the owner account, and only under the key it was written to", async () => {
    const settings = stack.settings();
    const key = `${ACCOUNT}/private.txt`;
    await invoke(deps, settings, sqsEvent([await putInbox(stack.s3, key, bytesOf(10))]));
    await expect(decryptAt(deps, settings, "6543210987654321", key)).rejects.toBeInstanceOf(KeyNotFoundError);
    await stack.s3.client.send(
      new CopyObjectCommand({
        Bucket: ENCRYPTED,
        Key: `${ACCOUNT}/copied.txt`,
        CopySource: `${ENCRYPTED}/${key}`,
      }),
    );
    await expect(decryptAt(deps, settings, ACCOUNT, `${ACCOUNT}/copied.txt`)).rejects.toBeInstanceOf(
      InvalidCiphertextError,
    );
  });
});

/** The real store, but reporting every inbox object `delta` bytes longer than it is (a broken download). */
function misreportingStore(real: ObjectStore, delta: number): ObjectStore {
  return {
    head: (bucket, key) => real.head(bucket, key),
    get: async (bucket, key, versionId) => {
      const stored = await real.get(bucket, key, versionId);
      return stored && { ...stored, size: stored.size + delta };
    },
    put: (bucket, key, body, options) => real.put(bucket, key, body, options),
    delete: (bucket, key, versionId) => real.delete(bucket, key, versionId),
  };
}

describe("inbox download preconditions", () => {
  it("the download holds the whole object", async () => {
    const settings = stack.settings();
    const key = `${ACCOUNT}/short-read.bin`;
    await putInbox(stack.s3, key, bytesOf(9000));
    const broken = { ...settings, objects: misreportingStore(settings.objects, +1) };
    await expect(encryptInboxObject(deps, broken, { bucket: INBOX, key })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(await head(ENCRYPTED, key)).toBeUndefined();
  });

  it("the download is not longer than the object", async () => {
    const settings = stack.settings();
    const key = `${ACCOUNT}/long-read.bin`;
    await putInbox(stack.s3, key, bytesOf(9000));
    const broken = { ...settings, objects: misreportingStore(settings.objects, -1) };
    await expect(encryptInboxObject(deps, broken, { bucket: INBOX, key })).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(await head(ENCRYPTED, key)).toBeUndefined();
  });
});
