import { WORKER_FUNCTIONS } from "./functionCatalog";
import { FUNCTION_DEFAULTS } from "./functionDefaults";
import { environmentFor, linksFor, permissionsFor } from "./functionLinks";
import { settings } from "./stage";

/**
 * Event-triggered object encryption (DESIGN section 9): objects written to the inbox bucket are encrypted under the
 * owner's service key and written to the encrypted bucket. S3 announces each new object to a queue; the subscriber
 * takes batches of up to 10 and reports failures per message (partial batch responses), so one bad object is retried
 * alone and, after 5 receives, parked in the dead-letter queue.
 *
 * Linked as `Inbox` and `Encrypted` (`Resource.Inbox.name`, `Resource.Encrypted.name`); the links carry the names
 * only, since SST's own bucket link grants `s3:*` (DeleteBucket, bucket policies, notifications, the encrypted
 * bucket's old versions): the subscriber gets the object actions it makes (below). Both buckets
 * are retained with the app in production.
 */
sst.Linkable.wrap(sst.aws.Bucket, (bucket) => ({ properties: { name: bucket.name } }));

/**
 * The inbox. Versioned when the encryption deletes inbox objects (KEYWARD_DELETE_INBOX_OBJECTS): it deletes only the
 * exact version it encrypted, never a newer object written to the same key meanwhile (core/objects).
 */
export const inbox = new sst.aws.Bucket("Inbox", { versioning: settings.deleteInboxObjects });

/** The encrypted copies; S3 also encrypts at rest (SSE-S3) underneath Keyward's own framing. */
export const encrypted = new sst.aws.Bucket("Encrypted", { versioning: true });

/** A subscriber killed by its timeout cannot abort its multipart upload: S3 drops such parts after a day. */
new aws.s3.BucketLifecycleConfigurationV2("EncryptedIncompleteUploads", {
  bucket: encrypted.name,
  rules: [
    {
      id: "abort-incomplete-uploads",
      status: "Enabled",
      filter: {},
      abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
    },
  ],
});

/** Object-created events that failed 5 times, kept 14 days for inspection. */
export const inboxDeadLetters = new sst.aws.Queue("InboxDeadLetters", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
});

/**
 * The subscriber takes one object per invocation (large objects are streamed frame by frame), so each object has
 * Lambda's whole 15 minutes and a timeout redelivers only that object.
 */
const SUBSCRIBER_TIMEOUT = "15 minutes";

/** S3's object-created notifications for the inbox; the visibility timeout is 6x the subscriber's (AWS advice). */
export const inboxEvents = new sst.aws.Queue("InboxEvents", {
  visibilityTimeout: "90 minutes",
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
    permissions: [
      ...permissionsFor(encryptObject.needs),
      // Reads the new inbox object (its version, where the event names one) and, when so set, deletes that version.
      {
        actions: [
          "s3:GetObject",
          "s3:GetObjectVersion",
          ...(settings.deleteInboxObjects ? ["s3:DeleteObjectVersion"] : []),
        ],
        resources: [$interpolate`${inbox.arn}/*`],
      },
      // Without ListBucket a missing inbox object is 403, not 404: a deleted or processed one would fail its record.
      { actions: ["s3:ListBucket", "s3:ListBucketVersions"], resources: [inbox.arn] },
      // Heads the destination (without ListBucket a missing object is 403, not 404), writes it in one or many parts,
      // and aborts a multipart upload that fails.
      {
        actions: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"],
        resources: [$interpolate`${encrypted.arn}/*`],
      },
      { actions: ["s3:ListBucket"], resources: [encrypted.arn] },
    ],
    environment: {
      ...environmentFor(encryptObject.needs),
      KEYWARD_DELETE_INBOX_OBJECTS: String(settings.deleteInboxObjects),
    },
  },
  { batch: { size: 1, partialResponses: true } },
);
