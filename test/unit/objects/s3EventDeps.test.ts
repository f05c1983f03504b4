import { afterEach, describe, expect, it } from "vitest";
import { ConfigurationError } from "../../../core/config";
import { KmsError } from "../../../core/errors";
import type { ServiceDeps } from "../../../core/service/ServiceDeps";
import {
  createS3EventDeps,
  getS3EventDeps,
  setS3EventDepsForTests,
} from "../../../functions/lib/s3EventDeps";
import { s3rverClient } from "../../support/s3rver";

/** Configuration parsing never touches the services: an empty stand-in is enough here. */
const service = {} as ServiceDeps;
const client = s3rverClient("http://127.0.0.1:9");
const base = { KEYWARD_INBOX_BUCKET: "inbox", KEYWARD_ENCRYPTED_BUCKET: "encrypted" };

function create(source: Record<string, string | undefined>) {
  return createS3EventDeps(service, source, client);
}

afterEach(() => setS3EventDepsForTests(undefined));

describe("S3 event function configuration", () => {
  it("reads the buckets, keeps inbox objects and uses the default frame size unless told otherwise", () => {
    const { settings } = create(base);
    expect(settings).toMatchObject({
      inboxBucket: "inbox",
      encryptedBucket: "encrypted",
      deleteSource: false,
    });
    expect(settings.frameSize).toBeUndefined();
    const custom = create({
      ...base,
      KEYWARD_DELETE_INBOX_OBJECTS: "true",
      KEYWARD_OBJECT_FRAME_SIZE: "1048576",
    });
    expect(custom.settings).toMatchObject({ deleteSource: true, frameSize: 1048576 });
  });

  it("both buckets are configured", () => {
    expect(() => create({ KEYWARD_INBOX_BUCKET: "inbox" })).toThrow(ConfigurationError);
    expect(() => create({ KEYWARD_ENCRYPTED_BUCKET: "encrypted" })).toThrow(ConfigurationError);
  });

  it("the encrypted bucket is not the inbox", () => {
    expect(() => create({ KEYWARD_INBOX_BUCKET: "same", KEYWARD_ENCRYPTED_BUCKET: "same" })).toThrow(
      ConfigurationError,
    );
  });

  it("the deletion switch is true or false", () => {
    expect(() => create({ ...base, KEYWARD_DELETE_INBOX_OBJECTS: "yes" })).toThrow(ConfigurationError);
  });

  it("a configured frame size is one the format allows", () => {
    for (const value of ["0", "16777217", "abc", "1.5"]) {
      expect(() => create({ ...base, KEYWARD_OBJECT_FRAME_SIZE: value })).toThrow(ConfigurationError);
    }
  });

  it("reports a missing configuration at first use, and serves the test override", async () => {
    // This test process has no Keyward configuration in its environment.
    await expect(getS3EventDeps()).rejects.toMatchObject({ code: "InternalFailure" });
    await expect(getS3EventDeps()).rejects.toBeInstanceOf(KmsError);
    const deps = create(base);
    setS3EventDepsForTests(deps);
    expect(await getS3EventDeps()).toBe(deps);
  });
});
