import type { Logger } from "@aws-lambda-powertools/logger";
import { S3Client } from "@aws-sdk/client-s3";
import type { ConfigSource } from "../../core/config";
import { ConfigurationError } from "../../core/config";
import { InternalFailureError, KmsError } from "../../core/errors";
import type { InboxSettings } from "../../core/objects/encryptInboxObject";
import { isValidFrameSize } from "../../core/objects/objectHeader";
import { S3ObjectStore } from "../../core/objects/S3ObjectStore";
import type { ServiceDeps } from "../../core/service/ServiceDeps";
import { getLogger } from "./logger";

/** What functions/encrypt-object.ts needs, created once per function instance (STYLE rule 17). */
export interface S3EventDeps {
  readonly service: ServiceDeps;
  readonly settings: InboxSettings;
  readonly logger: Logger;
}

/**
 * The settings of the event-triggered encryption from its configuration source (environment variables; in the
 * cloud the SST links fill the same names), checked once at cold start:
 * - `KEYWARD_INBOX_BUCKET`, `KEYWARD_ENCRYPTED_BUCKET` (required): the two buckets;
 * - `KEYWARD_DELETE_INBOX_OBJECTS` = `true` | `false` (default `false`): delete inbox objects once encrypted (the exact
 *   version encrypted: a versioned inbox; core/objects/encryptInboxObject.ts);
 * - `KEYWARD_OBJECT_FRAME_SIZE` (default 65536): plaintext bytes per frame;
 * - `KEYWARD_S3_ENDPOINT` (optional): an S3-compatible endpoint, addressed path-style (local stack).
 * @throws ConfigurationError naming the first missing or malformed setting.
 */
export function createS3EventDeps(
  service: ServiceDeps,
  source: ConfigSource,
  client: S3Client = defaultClient(source),
): S3EventDeps {
  const required = (name: string): string => {
    const value = source[name];
    /* Precondition: both buckets are configured. */
    if (!value) throw new ConfigurationError(`${name} is required.`);
    return value;
  };
  const inboxBucket = required("KEYWARD_INBOX_BUCKET");
  const encryptedBucket = required("KEYWARD_ENCRYPTED_BUCKET");
  // Its own writes would trigger the function again, forever.
  /* Precondition: the encrypted bucket is not the inbox. */
  if (inboxBucket === encryptedBucket) {
    throw new ConfigurationError("KEYWARD_ENCRYPTED_BUCKET must differ from KEYWARD_INBOX_BUCKET.");
  }
  const deleteText = source.KEYWARD_DELETE_INBOX_OBJECTS || "false";
  /* Precondition: the deletion switch is true or false. */
  if (deleteText !== "true" && deleteText !== "false") {
    throw new ConfigurationError("KEYWARD_DELETE_INBOX_OBJECTS must be true or false.");
  }
  const frameText = source.KEYWARD_OBJECT_FRAME_SIZE;
  const frameSize = frameText ? Number(frameText) : undefined;
  /* Precondition: a configured frame size is one the format allows. */
  if (frameSize !== undefined && !isValidFrameSize(frameSize)) {
    throw new ConfigurationError("KEYWARD_OBJECT_FRAME_SIZE must be an integer from 1 to 16777216.");
  }
  return {
    service,
    logger: getLogger(),
    settings: {
      objects: new S3ObjectStore({ client }),
      inboxBucket,
      encryptedBucket,
      deleteSource: deleteText === "true",
      ...(frameSize !== undefined ? { frameSize } : {}),
    },
  };
}

function defaultClient(source: ConfigSource): S3Client {
  const endpoint = source.KEYWARD_S3_ENDPOINT;
  return new S3Client(endpoint ? { endpoint, forcePathStyle: true } : {});
}

let override: S3EventDeps | undefined;
let created: Promise<S3EventDeps> | undefined;

/**
 * The instance's dependencies, created lazily on first use; a failed creation is not cached.
 * @throws InternalFailureError (or the ConfigurationError) when they cannot be created.
 */
export function getS3EventDeps(): Promise<S3EventDeps> {
  if (override) return Promise.resolve(override);
  created ??= createFromEnvironment().catch((error: unknown) => {
    created = undefined;
    throw error instanceof KmsError ? error : new InternalFailureError({ cause: error });
  });
  return created;
}

/** Replaces the dependencies (tests and the local stack); `undefined` restores lazy creation. */
export function setS3EventDepsForTests(deps: S3EventDeps | undefined): void {
  override = deps;
}

/**
 * The cloud composition: the shared ServiceDeps of functions/lib/deps.ts (table, root keys, providers) and the
 * configuration source with the SST links filled in (functions/lib/configSource.ts maps the `Inbox` and
 * `Encrypted` links onto KEYWARD_INBOX_BUCKET and KEYWARD_ENCRYPTED_BUCKET). Imported on first use, so the
 * handler module stays light.
 */
async function createFromEnvironment(): Promise<S3EventDeps> {
  const [{ getDeps }, { configSource }] = await Promise.all([import("./deps"), import("./configSource")]);
  return createS3EventDeps(await getDeps(), await configSource());
}
