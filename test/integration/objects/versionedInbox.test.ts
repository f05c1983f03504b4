/**
 * The event-triggered encryption with a versioned inbox (S3 versioning modelled in memory by VersionedInbox, since
 * s3rver has none; the encrypted bucket, the service key and the store are real): only the exact version encrypted
 * is ever deleted, and a late or repeated event of an older version never replaces what a newer one wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboxSettings } from "../../../core/objects/encryptInboxObject";
import type { ServiceDeps } from "../../../core/service/ServiceDeps";
import { decryptAt, invoke, sqsEvent, statuses } from "./handlerSupport";
import { type ObjectStack, startObjectStack } from "./objectStack";
import { VersionedInbox } from "./versionedInbox";

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

/** Settings over a fresh versioned inbox; `afterPut` runs after each write to the encrypted bucket. */
function versioned(options: { deleteSource: boolean; afterPut?: () => void }) {
  const inbox = new VersionedInbox();
  const base = stack.settings({ deleteSource: options.deleteSource });
  const objects = inbox.store(base.objects);
  const settings: InboxSettings = {
    ...base,
    objects: {
      ...objects,
      put: async (bucket, key, body, putOptions) => {
        await objects.put(bucket, key, body, putOptions);
        options.afterPut?.();
      },
    },
  };
  return { inbox, settings };
}

const text = async (settings: InboxSettings, key: string) =>
  new TextDecoder().decode(await decryptAt(deps, settings, ACCOUNT, key));

describe("a versioned inbox", () => {
  it("deletes exactly the version it encrypted: a newer one written meanwhile survives and is encrypted in turn", async () => {
    const key = `${ACCOUNT}/report.csv`;
    let newer: ReturnType<VersionedInbox["put"]> | undefined;
    const { inbox, settings } = versioned({
      deleteSource: true,
      // The tenant overwrites the key while the first version's encrypted copy is being written.
      afterPut: () => {
        newer ??= inbox.put(key, "Y: the newer content");
      },
    });
    const older = inbox.put(key, "X: the older content");
    const first = await invoke(deps, settings, sqsEvent([older]));
    expect(statuses(first.logs)).toEqual(["encrypted"]);
    expect(inbox.versionIds(key)).toEqual([newer?.s3.object.versionId]);
    const second = await invoke(deps, settings, sqsEvent([newer as NonNullable<typeof newer>]));
    expect(statuses(second.logs)).toEqual(["encrypted"]);
    expect(await text(settings, key)).toBe("Y: the newer content");
    expect(inbox.versionIds(key)).toEqual([]);
  });

  it("a late or repeated event of an older version does not replace the newer encrypted object", async () => {
    const key = `${ACCOUNT}/state.json`;
    const { inbox, settings } = versioned({ deleteSource: false });
    const v1 = inbox.put(key, "v1: old state");
    const v2 = inbox.put(key, "v2: new state");
    // A standard queue does not keep order, and a failed first attempt of v1 comes back later.
    const { logs } = await invoke(deps, settings, sqsEvent([v2], [v1], [v2], [v1]));
    expect(statuses(logs)).toEqual(["encrypted", "superseded", "duplicate", "superseded"]);
    expect(await text(settings, key)).toBe("v2: new state");
  });

  it("deletes the encrypted version on a repeated delivery when the first one stopped before deleting it", async () => {
    const key = `${ACCOUNT}/retry.txt`;
    const keep = versioned({ deleteSource: false });
    const record = keep.inbox.put(key, "kept once");
    await invoke(deps, keep.settings, sqsEvent([record]));
    expect(keep.inbox.versionIds(key)).toHaveLength(1);
    const deleting = { ...keep.settings, deleteSource: true };
    const { logs } = await invoke(deps, deleting, sqsEvent([record]));
    expect(statuses(logs)).toEqual(["duplicate"]);
    expect(keep.inbox.versionIds(key)).toEqual([]);
    expect(await text(deleting, key)).toBe("kept once");
  });
});
