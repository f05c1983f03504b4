import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import {
  AliasAlreadyExistsError,
  InternalFailureError,
  KeyNotFoundError,
  ServiceUnavailableError,
} from "../../../core/errors";
import { DynamoTable } from "../../../core/store/DynamoTable";
import { translateStoreError } from "../../../core/store/translateStoreError";

const metadata = { $metadata: {} };

describe("translateStoreError", () => {
  it("turns a failed condition into the write's domain error, keeping nothing else", () => {
    const sdkError = new ConditionalCheckFailedException({
      message: "The conditional request failed",
      ...metadata,
    });
    expect(translateStoreError(sdkError, "PutItem", () => new AliasAlreadyExistsError())).toBeInstanceOf(
      AliasAlreadyExistsError,
    );
  });

  it("makes a failed condition without a domain error, throttling and network errors 503 with the cause", () => {
    const errors = [
      new ConditionalCheckFailedException({ message: "failed", ...metadata }),
      new ProvisionedThroughputExceededException({ message: "slow down", ...metadata }),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
      "a string",
    ];
    for (const error of errors) {
      const translated = translateStoreError(error, "GetItem");
      expect(translated).toBeInstanceOf(ServiceUnavailableError);
      expect(translated.httpStatus).toBe(503);
      expect(translated.cause).toBe(error);
      expect(translated.message).toContain("GetItem");
    }
  });

  it("makes a ValidationException (our own malformed request) an internal failure with the cause", () => {
    const error = Object.assign(new Error("Item size has exceeded the maximum allowed size"), {
      name: "ValidationException",
    });
    const translated = translateStoreError(error, "PutItem");
    expect(translated).toBeInstanceOf(InternalFailureError);
    expect(translated.cause).toBe(error);
  });

  it("passes a KmsError through unchanged", () => {
    const error = new KeyNotFoundError();
    expect(translateStoreError(error, "GetItem", () => new AliasAlreadyExistsError())).toBe(error);
  });
});

describe("DynamoTable options", () => {
  const client = new DynamoDBClient({
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });

  it("the table name is a valid DynamoDB table name.", () => {
    expect(() => new DynamoTable({ client, tableName: "ab" })).toThrow(/tableName/);
    expect(() => new DynamoTable({ client, tableName: "bad name" })).toThrow(/tableName/);
    expect(() => new DynamoTable({ client, tableName: "keyward-keys.v1" })).not.toThrow();
  });

  it("the query page size, when given, is a positive integer.", () => {
    for (const queryPageSize of [0, -1, 1.5]) {
      expect(() => new DynamoTable({ client, tableName: "keyward", queryPageSize })).toThrow(/queryPageSize/);
    }
    expect(() => new DynamoTable({ client, tableName: "keyward", queryPageSize: 1 })).not.toThrow();
  });
});
