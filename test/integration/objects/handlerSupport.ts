import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { Context, S3Event, S3EventRecord, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { decryptStoredObject } from "../../../core/objects/decryptStoredObject";
import type { InboxSettings } from "../../../core/objects/encryptInboxObject";
import type { ServiceDeps } from "../../../core/service/ServiceDeps";
import { handler } from "../../../functions/encrypt-object";
import { setS3EventDepsForTests } from "../../../functions/lib/s3EventDeps";
import { encodeS3EventKey } from "../../../functions/lib/s3EventRecords";
import type { S3rverHandle } from "../../support/s3rver";
import { CapturingLogger } from "../../unit/functions/CapturingLogger";
import { collect } from "../../unit/objects/streamSupport";
import { INBOX } from "./objectStack";

/**
 * Puts an object into the inbox of s3rver and returns the notification record s3rver emitted for it, with the
 * key URL-encoded as S3 writes it (s3rver leaves keys raw).
 */
export async function putInbox(s3: S3rverHandle, key: string, body: Uint8Array): Promise<S3EventRecord> {
  const seen: S3EventRecord[] = [];
  const stop = s3.onNotification((n) => seen.push(...n.Records));
  try {
    await s3.client.send(new PutObjectCommand({ Bucket: INBOX, Key: key, Body: body }));
  } finally {
    stop();
  }
  const record = seen.find((r) => r.s3.object.key === key);
  if (!record) throw new Error(`s3rver emitted no event for ${key}`);
  return { ...record, s3: { ...record.s3, object: { ...record.s3.object, key: encodeS3EventKey(key) } } };
}

let nextId = 0;

/** An SQS batch: one message per array of records (S3 -> SQS delivers one record per message). */
export function sqsEvent(...messages: (readonly S3EventRecord[] | string)[]): SQSEvent {
  return {
    Records: messages.map((records) => ({
      messageId: `m-${++nextId}`,
      receiptHandle: "r",
      body: typeof records === "string" ? records : JSON.stringify({ Records: records }),
      attributes: {} as never,
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:inbox-events",
      awsRegion: "us-east-1",
    })),
  };
}

const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

/** Runs the Lambda handler with the given dependencies; returns its response and the captured log lines. */
export async function invoke(
  service: ServiceDeps,
  settings: InboxSettings,
  event: SQSEvent | S3Event,
): Promise<{ response: SQSBatchResponse; logs: CapturingLogger }> {
  const logs = new CapturingLogger();
  setS3EventDepsForTests({ service, settings, logger: logs });
  try {
    return { response: await handler(event, context), logs };
  } finally {
    setS3EventDepsForTests(undefined);
  }
}

/** The statuses logged for processed objects, in order. */
export function statuses(logs: CapturingLogger): unknown[] {
  return logs
    .records()
    .filter((r) => r.message === "inbox object processed")
    .map((r) => r.status);
}

/** Decrypts an encrypted object back through the library function. */
export async function decryptAt(
  service: ServiceDeps,
  settings: InboxSettings,
  accountId: string,
  key: string,
): Promise<Uint8Array> {
  return decryptStoredObject(
    service,
    { accountId },
    { objects: settings.objects, bucket: settings.encryptedBucket, key },
    (plaintext) => collect(plaintext),
  );
}
