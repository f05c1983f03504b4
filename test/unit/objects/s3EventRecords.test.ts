import type { S3EventRecord } from "aws-lambda";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidParameterError, MalformedRequestError } from "../../../core/errors";
import {
  decodeS3EventKey,
  encodeS3EventKey,
  inboxEventsOf,
  inboxEventsOfMessage,
  isSqsEvent,
} from "../../../functions/lib/s3EventRecords";

function record(
  key: string,
  extra: Record<string, unknown> = {},
  eventName = "ObjectCreated:Put",
): S3EventRecord {
  return {
    eventSource: "aws:s3",
    eventName,
    s3: { bucket: { name: "inbox" }, object: { key, size: 3, eTag: "abc", sequencer: "0A", ...extra } },
  } as unknown as S3EventRecord;
}

describe("S3 event keys", () => {
  it("decodes keys as S3 encodes them in notifications", () => {
    expect(decodeS3EventKey("123/red+flower.jpg")).toBe("123/red flower.jpg");
    expect(decodeS3EventKey("123/a%2Bb%3D%C3%A9.txt")).toBe("123/a+b=é.txt");
  });

  it("encodes and decodes any key back to itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }), (key) => {
        const encoded = encodeS3EventKey(key);
        expect(encoded).not.toContain(" ");
        expect(decodeS3EventKey(encoded)).toBe(key);
      }),
      { numRuns: 300 },
    );
  });

  it("an event's object key is well-formed URL encoding", () => {
    expect(() => decodeS3EventKey("123/bad%E0%A4%A")).toThrow(InvalidParameterError);
  });
});

describe("S3 notification records", () => {
  it("turns ObjectCreated records into inbox events with decoded keys and bare ETags", () => {
    const events = inboxEventsOf([
      record("123/a+b.txt", { eTag: '"0123"', versionId: "v1" }),
      record("123/removed", {}, "ObjectRemoved:Delete"),
      record("123/copy", { eTag: undefined, versionId: "null" }, "ObjectCreated:Copy"),
    ]);
    expect(events).toEqual([
      { bucket: "inbox", key: "123/a b.txt", eTag: "0123", versionId: "v1" },
      { bucket: "inbox", key: "123/copy" },
    ]);
  });

  it("an object-created record names its bucket and key", () => {
    expect(() => inboxEventsOf([record("")])).toThrow(InvalidParameterError);
    const noBucket = { ...record("123/x"), s3: { object: { key: "123/x" } } } as unknown as S3EventRecord;
    expect(() => inboxEventsOf([noBucket])).toThrow(InvalidParameterError);
  });

  it("reads SQS message bodies, the S3 test event included", () => {
    expect(inboxEventsOfMessage({ body: JSON.stringify({ Records: [record("123/x")] }) })).toHaveLength(1);
    expect(
      inboxEventsOfMessage({
        body: JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket: "inbox" }),
      }),
    ).toEqual([]);
  });

  it("an SQS message body is JSON", () => {
    expect(() => inboxEventsOfMessage({ body: "{not json" })).toThrow(MalformedRequestError);
  });

  it("an SQS message body is an S3 notification", () => {
    for (const body of ["null", "{}", '{"Records":{}}', "[]"]) {
      expect(() => inboxEventsOfMessage({ body })).toThrow(MalformedRequestError);
    }
  });

  it("tells SQS batches from direct S3 invocations", () => {
    expect(isSqsEvent({ Records: [{ eventSource: "aws:sqs" }] } as never)).toBe(true);
    expect(isSqsEvent({ Records: [record("123/x")] } as never)).toBe(false);
  });
});
