import { WORKER_FUNCTIONS } from "./functionCatalog";
import { FUNCTION_DEFAULTS } from "./functionDefaults";
import { environmentFor, linksFor } from "./functionLinks";

/**
 * Event-triggered object encryption (DESIGN section 9): objects written to the inbox bucket are encrypted under the
 * owner's service key and written to the encrypted bucket. S3 announces each new object to a queue; the subscriber
 * takes batches of up to 10 and reports failures per message (partial batch responses), so one bad object is retried
 * alone and, after 5 receives, parked in the dead-letter queue.
 *
 * Linked as `Inbox` and `Encrypted` (`Resource.Inbox.name`, `Resource.Encrypted.name`). Both buckets are retained
 * with the app in production.
 */
export const inbox = new sst.aws.Bucket("Inbox");

/** The encrypted copies; S3 also encrypts at rest (SSE-S3) underneath Keyward's own framing. */
export const encrypted = new sst.aws.Bucket("Encrypted", { versioning: true });

/** Object-created events that failed 5 times, kept 14 days for inspection. */
export const inboxDeadLetters = new sst.aws.Queue("InboxDeadLetters", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
});

/** The subscriber may take up to 5 minutes per batch (large objects are streamed frame by frame). */
const SUBSCRIBER_TIMEOUT = "5 minutes";

/** S3's object-created notifications for the inbox; the visibility timeout is 6x the subscriber's (AWS advice). */
export const inboxEvents = new sst.aws.Queue("InboxEvents", {
  visibilityTimeout: "30 minutes",
  dlq: { queue: inboxDeadLetters.arn, retry: 5 },
});

inbox.notify({
  notifications: [{ name: "InboxObjectCreated", queue: inboxEvents, events: ["s3:ObjectCreated:*"] }],
});

const encryptObject = WORKER_FUNCTIONS.find((fn) => fn.name === "encrypt-object")!;

inboxEvents.subscribe(
  {
    ...FUNCTION_DEFAULTS,
    handler: "functions/encrypt-object.handler",
    description: "Keyward: encrypts objects written to the inbox bucket",
    timeout: SUBSCRIBER_TIMEOUT,
    link: [...linksFor(encryptObject.needs), inbox, encrypted],
    environment: environmentFor(encryptObject.needs),
  },
  { batch: { size: 10, partialResponses: true } },
);
