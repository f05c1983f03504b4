import { InvalidParameterError } from "../errors";
import type { ServiceDeps } from "../service/ServiceDeps";
import { encryptObject } from "./encryptObject";
import { exactLength } from "./exactLength";
import { inboxObjectOwner, isFolderMarker } from "./inboxObjectOwner";
import type { ObjectStore, StoredObject } from "./ObjectStore";
import { OBJECT_CONTENT_TYPE } from "./objectFormat";
import { encryptedObjectMetadata, OBJECT_METADATA } from "./objectMetadata";
import { encryptedObjectSize } from "./sealObjectStream";

/** One object-created event of the inbox bucket, its key already URL-decoded. */
export interface InboxObjectEvent {
  readonly bucket: string;
  readonly key: string;
  /** The ETag the event reports (without quotes), when it has one. */
  readonly eTag?: string;
  /** The version the event reports, in a versioned bucket. */
  readonly versionId?: string;
}

/** Where the event-triggered encryption reads and writes, and how (checked once at cold start). */
export interface InboxSettings {
  readonly objects: ObjectStore;
  readonly inboxBucket: string;
  readonly encryptedBucket: string;
  /**
   * Delete the inbox object once its encrypted copy is written (default: keep it). Only the exact version that was
   * encrypted is deleted, so the inbox must be versioned: an object without a version id is kept (deleting "whatever
   * is at the key" could delete a newer object written meanwhile, before it was encrypted).
   */
  readonly deleteSource: boolean;
  /** Plaintext bytes per frame (default 64 KiB). */
  readonly frameSize?: number;
}

/** What became of one event. */
export type InboxOutcome =
  | {
      readonly status: "encrypted";
      readonly accountId: string;
      readonly keyId: string;
      readonly size: number;
      /** With `deleteSource`, why the inbox object was kept anyway. */
      readonly sourceKept?: "unversioned";
    }
  /** The encrypted bucket already holds this very source (same ETag): a repeated delivery. */
  | { readonly status: "duplicate"; readonly accountId: string }
  /**
   * The inbox object changed since the event (another ETag, or in a versioned inbox another current version): the
   * newer object's own event handles it.
   */
  | { readonly status: "superseded"; readonly accountId: string }
  /** The inbox object no longer exists: nothing to encrypt. */
  | { readonly status: "source-missing"; readonly accountId: string }
  /** A "folder" placeholder key ending with `/`. */
  | { readonly status: "ignored" };

/**
 * Encrypts one inbox object into the encrypted bucket (DESIGN section 9), under the same key, for the account
 * named by the key's prefix, with metadata naming the service key, its version and the format version.
 *
 * Idempotent: the encrypted object records the source ETag, and an event whose ETag is already recorded there is
 * a duplicate and does nothing; an event for an object since replaced is skipped. A failure leaves the inbox
 * object in place (it is deleted only after a successful write, and only with `deleteSource`) and throws, so the
 * caller reports the record as failed and it is delivered again.
 * @throws InvalidParameterError for a key without an account prefix or an event of another bucket; whatever the
 *   object store, the service key or the encryption throws.
 */
export async function encryptInboxObject(
  deps: ServiceDeps,
  settings: InboxSettings,
  event: InboxObjectEvent,
): Promise<InboxOutcome> {
  /* Precondition: the event comes from the inbox bucket. */
  if (event.bucket !== settings.inboxBucket) {
    throw new InvalidParameterError("Bucket", "The event does not come from the inbox bucket.");
  }
  if (isFolderMarker(event.key)) return { status: "ignored" };
  const accountId = inboxObjectOwner(event.key);
  const { objects } = settings;
  const existing = await objects.head(settings.encryptedBucket, event.key);
  const doneEtag = existing?.metadata[OBJECT_METADATA.sourceEtag];
  if (event.eTag !== undefined && doneEtag === event.eTag) {
    await deleteIfStill(settings, event, doneEtag);
    return { status: "duplicate", accountId };
  }

  if (event.versionId !== undefined) {
    // A versioned inbox keeps every version readable: a late or retried event of an older version must not
    // overwrite what a newer version's event wrote, so only the current version is encrypted.
    const current = await objects.head(settings.inboxBucket, event.key);
    if (!current) return { status: "source-missing", accountId };
    if (current.versionId !== event.versionId) return { status: "superseded", accountId };
  }
  const source = await objects.get(settings.inboxBucket, event.key, event.versionId);
  if (!source) return { status: "source-missing", accountId };
  try {
    if (event.eTag !== undefined && source.etag !== event.eTag) return { status: "superseded", accountId };
    if (doneEtag === source.etag) {
      await deleteIfStill(settings, event, doneEtag);
      return { status: "duplicate", accountId };
    }
    const info = await encrypt(deps, settings, accountId, event.key, source);
    const encrypted = { status: "encrypted", accountId, keyId: info.keyId, size: source.size } as const;
    if (!settings.deleteSource) return encrypted;
    if (source.versionId === undefined) return { ...encrypted, sourceKept: "unversioned" };
    await objects.delete(settings.inboxBucket, event.key, source.versionId);
    return encrypted;
  } finally {
    source.close();
  }
}

/**
 * A duplicate whose first delivery wrote the encrypted object but failed before deleting the source: with
 * `deleteSource`, deletes the version that was encrypted now (the event's; or the current one when it is still the
 * one encrypted, same ETag). Without a version id nothing is deleted, as in encryptInboxObject.
 */
async function deleteIfStill(settings: InboxSettings, event: InboxObjectEvent, etag: string): Promise<void> {
  if (!settings.deleteSource) return;
  if (event.versionId !== undefined) {
    await settings.objects.delete(settings.inboxBucket, event.key, event.versionId);
    return;
  }
  const current = await settings.objects.head(settings.inboxBucket, event.key);
  if (current?.etag !== etag || current.versionId === undefined) return;
  await settings.objects.delete(settings.inboxBucket, event.key, current.versionId);
}

async function encrypt(
  deps: ServiceDeps,
  settings: InboxSettings,
  accountId: string,
  key: string,
  source: StoredObject,
): Promise<{ keyId: string }> {
  return encryptObject(
    deps,
    accountId,
    {
      objectKey: key,
      plaintext: exactLength(source.body, source.size),
      ...(settings.frameSize ? { frameSize: settings.frameSize } : {}),
    },
    async (ciphertext, info) => {
      await settings.objects.put(settings.encryptedBucket, key, ciphertext, {
        contentType: OBJECT_CONTENT_TYPE,
        sizeHint: encryptedObjectSize(info.headerBytes, info.frameSize, source.size),
        metadata: encryptedObjectMetadata({
          keyId: info.keyId,
          keyVersionId: info.keyVersionId,
          frameSize: info.frameSize,
          plaintextSize: source.size,
          sourceEtag: source.etag,
          ...(source.versionId ? { sourceVersionId: source.versionId } : {}),
          ...(source.contentType ? { sourceContentType: source.contentType } : {}),
        }),
      });
      return { keyId: info.keyId };
    },
  );
}
