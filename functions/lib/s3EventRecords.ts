import type { S3Event, S3EventRecord, SQSEvent, SQSRecord } from "aws-lambda";
import { InvalidParameterError, MalformedRequestError } from "../../core/errors";
import type { InboxObjectEvent } from "../../core/objects/encryptInboxObject";
import { unquoteEtag } from "../../core/objects/S3ObjectStore";

/**
 * Decodes an object key as S3 writes it into event notifications: URL-encoded, with `+` for a space
 * ("red flower.jpg" arrives as "red+flower.jpg", a real "+" as "%2B").
 * @throws InvalidParameterError (`Key`) for a malformed percent-encoding.
 */
export function decodeS3EventKey(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll("+", "%20"));
  } catch (error) {
    /* Precondition: an event's object key is well-formed URL encoding. */
    throw new InvalidParameterError("Key", "The object key in the event is not valid URL encoding.", {
      cause: error,
    });
  }
}

/** Encodes an object key as S3 event notifications carry it (the inverse of decodeS3EventKey; `/` kept). */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key).replaceAll("%20", "+").replaceAll("%2F", "/");
}

/** Whether the Lambda event is an SQS batch (the contract: S3 -> SQS -> Lambda, docs/object-format.md). */
export function isSqsEvent(event: SQSEvent | S3Event): event is SQSEvent {
  return event.Records.length > 0 && (event.Records[0] as { eventSource?: string }).eventSource === "aws:sqs";
}

/**
 * The object-created events in one S3 notification record. Other S3 events (removals, restores, ...) give none.
 * @throws InvalidParameterError when a created-object record lacks its bucket or key or has a bad key encoding.
 */
export function inboxEventsOf(records: readonly S3EventRecord[]): InboxObjectEvent[] {
  const events: InboxObjectEvent[] = [];
  for (const record of records) {
    if (record.eventSource !== "aws:s3" || !record.eventName?.startsWith("ObjectCreated:")) continue;
    const bucket = record.s3?.bucket?.name;
    const rawKey = record.s3?.object?.key;
    /* Precondition: an object-created record names its bucket and key. */
    if (typeof bucket !== "string" || typeof rawKey !== "string" || rawKey === "") {
      throw new InvalidParameterError("Records", "An ObjectCreated record must name its bucket and key.");
    }
    const { eTag, versionId } = record.s3.object;
    events.push({
      bucket,
      key: decodeS3EventKey(rawKey),
      ...(typeof eTag === "string" && eTag !== "" ? { eTag: unquoteEtag(eTag) } : {}),
      ...(typeof versionId === "string" && versionId !== "" && versionId !== "null" ? { versionId } : {}),
    });
  }
  return events;
}

/**
 * The object-created events carried by one SQS message: its body is an S3 notification (`{"Records":[...]}`)
 * or the `s3:TestEvent` S3 sends when the notification is configured (no events).
 * @throws MalformedRequestError when the body is not JSON or not an S3 notification; what inboxEventsOf throws.
 */
export function inboxEventsOfMessage(message: Pick<SQSRecord, "body">): InboxObjectEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(message.body);
  } catch (error) {
    /* Precondition: an SQS message body is JSON. */
    throw new MalformedRequestError("the SQS message body is not JSON.", { cause: error });
  }
  if ((body as { Event?: unknown } | null)?.Event === "s3:TestEvent") return [];
  const records = (body as { Records?: unknown } | null)?.Records;
  /* Precondition: an SQS message body is an S3 notification. */
  if (!Array.isArray(records)) {
    throw new MalformedRequestError("the SQS message body is not an S3 event notification.");
  }
  return inboxEventsOf(records as S3EventRecord[]);
}
