import { createHash } from "node:crypto";
import type { S3EventRecord } from "aws-lambda";
import type { ObjectStore, StoredObjectHead } from "../../../core/objects/ObjectStore";
import { encodeS3EventKey } from "../../../functions/lib/s3EventRecords";
import { INBOX } from "./objectStack";

/** One version of an inbox object. */
interface Version {
  readonly versionId: string;
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * A versioned inbox bucket held in memory, in front of a real object store for every other bucket. s3rver, the S3
 * API the object tests run on, has no versioning; this models what S3 does for the calls Keyward makes: each put a
 * new current version, reads of a given or the current version, and deletes of a given version (the previous
 * version becomes current) or, without a version id, a delete marker hiding them all.
 */
export class VersionedInbox {
  readonly #versions = new Map<string, Version[]>();
  #serial = 0;

  /** The object store: this inbox for INBOX, `real` for the other buckets. */
  store(real: ObjectStore): ObjectStore {
    return {
      head: async (bucket, key) => (bucket === INBOX ? this.#head(key) : real.head(bucket, key)),
      get: async (bucket, key, versionId) => {
        if (bucket !== INBOX) return real.get(bucket, key, versionId);
        const version = versionId === undefined ? this.current(key) : this.#find(key, versionId);
        if (!version) return undefined;
        const body = version.body;
        return {
          ...headOf(version),
          body: (async function* () {
            yield body;
          })(),
          close: () => undefined,
        };
      },
      put: (bucket, key, body, options) => real.put(bucket, key, body, options),
      delete: async (bucket, key, versionId) => {
        if (bucket !== INBOX) return real.delete(bucket, key, versionId);
        const versions = this.#versions.get(key) ?? [];
        this.#versions.set(
          key,
          versionId === undefined ? [] : versions.filter((version) => version.versionId !== versionId),
        );
      },
    };
  }

  /** Writes a new current version and returns the object-created record S3 would send for it. */
  put(key: string, content: string): S3EventRecord {
    const body = Buffer.from(content);
    const version = {
      versionId: `v${++this.#serial}`,
      body,
      etag: createHash("md5").update(body).digest("hex"),
    };
    this.#versions.set(key, [...(this.#versions.get(key) ?? []), version]);
    return {
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: "us-east-1",
      eventTime: new Date().toISOString(),
      eventName: "ObjectCreated:Put",
      s3: {
        bucket: { name: INBOX },
        object: {
          key: encodeS3EventKey(key),
          size: body.length,
          eTag: version.etag,
          versionId: version.versionId,
        },
      },
    } as unknown as S3EventRecord;
  }

  /** The current version of a key, if any. */
  current(key: string): Version | undefined {
    return this.#versions.get(key)?.at(-1);
  }

  /** The version ids a key still has, oldest first. */
  versionIds(key: string): string[] {
    return (this.#versions.get(key) ?? []).map((version) => version.versionId);
  }

  #head(key: string): StoredObjectHead | undefined {
    const version = this.current(key);
    return version && headOf(version);
  }

  #find(key: string, versionId: string): Version | undefined {
    return this.#versions.get(key)?.find((version) => version.versionId === versionId);
  }
}

function headOf(version: Version): StoredObjectHead {
  return { etag: version.etag, size: version.body.length, metadata: {}, versionId: version.versionId };
}
