import middy from "@middy/core";
import type { S3Event, SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { isKmsError, ServiceUnavailableError } from "../core/errors";
import { encryptInboxObject, type InboxObjectEvent } from "../core/objects/encryptInboxObject";
import { getS3EventDeps, type S3EventDeps } from "./lib/s3EventDeps";
import { inboxEventsOf, inboxEventsOfMessage, isSqsEvent } from "./lib/s3EventRecords";

/**
 * Encrypts each object of one delivery (one SQS message or one direct S3 invocation) in turn, logging each
 * outcome; returns whether all succeeded. Nothing but names, sizes, key ids and error codes is logged.
 */
async function encryptAll(deps: S3EventDeps, events: readonly InboxObjectEvent[]): Promise<boolean> {
  let ok = true;
  for (const event of events) {
    try {
      const outcome = await encryptInboxObject(deps.service, deps.settings, event);
      deps.logger.info("inbox object processed", { bucket: event.bucket, key: event.key, ...outcome });
    } catch (error) {
      ok = false;
      deps.logger.error("inbox object failed; it stays in the inbox and will be retried", {
        bucket: event.bucket,
        key: event.key,
        code: isKmsError(error) ? error.code : "InternalFailure",
        error: error as Error,
      });
    }
  }
  return ok;
}

/**
 * The event-triggered object encryption (DESIGN section 9; docs/object-format.md).
 *
 * Contract: the inbox bucket notifies an SQS queue of `s3:ObjectCreated:*`, and the queue triggers this function
 * with `ReportBatchItemFailures`. Each message is processed independently: a message whose objects could not all
 * be encrypted is returned in `batchItemFailures`, stays in the queue and comes back (its objects stay in the
 * inbox); after the queue's maxReceiveCount it moves to the dead-letter queue. Repeated deliveries are harmless
 * (see encryptInboxObject). A direct S3 invocation (`Records` of `aws:s3`) is accepted too: then a failure throws,
 * so that Lambda's retry of asynchronous invocations delivers the event again.
 */
async function encryptObjects(event: SQSEvent | S3Event): Promise<SQSBatchResponse> {
  const deps = await getS3EventDeps();
  if (!isSqsEvent(event)) {
    let events: InboxObjectEvent[];
    try {
      events = inboxEventsOf(event.Records);
    } catch (error) {
      deps.logger.error("S3 event rejected", { error: error as Error });
      throw error;
    }
    if (!(await encryptAll(deps, events))) {
      throw new ServiceUnavailableError("some inbox objects could not be encrypted; the event is retried.");
    }
    return { batchItemFailures: [] };
  }
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const message of event.Records) {
    let ok: boolean;
    try {
      ok = await encryptAll(deps, inboxEventsOfMessage(message));
    } catch (error) {
      deps.logger.error("SQS message rejected", { messageId: message.messageId, error: error as Error });
      ok = false;
    }
    if (!ok) batchItemFailures.push({ itemIdentifier: message.messageId });
  }
  return { batchItemFailures };
}

/** The Lambda handler: S3 -> SQS -> this function, partial batch responses. */
export const handler = middy(encryptObjects);
