import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { concatBytes } from "../../../core/crypto/bytes";
import {
  InvalidCiphertextError,
  InvalidParameterError,
  KeyNotFoundError,
  ServiceUnavailableError,
} from "../../../core/errors";
import { decryptObject } from "../../../core/objects/decryptObject";
import { encryptObject } from "../../../core/objects/encryptObject";
import { objectEncryptionContext } from "../../../core/objects/objectContext";
import { encodeObjectHeader } from "../../../core/objects/objectHeader";
import { generateDataKey } from "../../../core/service/crypto/dataKeys";
import { encrypt } from "../../../core/service/crypto/encryptDecrypt";
import type { ServiceDeps } from "../../../core/service/ServiceDeps";
import { serviceKeyAlias } from "../../../core/service/serviceKeys";
import { bytesOf, chunked, collect } from "../../unit/objects/streamSupport";
import { type ObjectStack, startObjectStack } from "./objectStack";

const ACCOUNT = "1234567890123456";
const KEY = `${ACCOUNT}/reports/q1.csv`;
let stack: ObjectStack;
let deps: ServiceDeps;
let calls: Map<string, number>;

beforeAll(async () => {
  stack = await startObjectStack();
  ({ deps, calls } = await stack.newDeps());
});

/** The header, then a failure if anything reads past it: shows a check happens before any frame is read. */
async function* headerOnly(header: Uint8Array): AsyncGenerator<Uint8Array> {
  yield header;
  throw new ServiceUnavailableError("read past the header");
}

function storeCalls(): number {
  return [...calls.values()].reduce((a, b) => a + b, 0);
}
afterAll(async () => {
  await stack?.stop();
});

async function seal(plaintext: Uint8Array, objectKey = KEY, accountId = ACCOUNT, frameSize = 64) {
  return encryptObject(
    deps,
    accountId,
    { objectKey, plaintext: chunked(plaintext, [50]), frameSize },
    async (c, info) => ({
      encrypted: await collect(c),
      info,
    }),
  );
}

function open(encrypted: Uint8Array, accountId = ACCOUNT, expectedObjectKey: string | undefined = KEY) {
  return decryptObject(
    deps,
    { accountId },
    {
      ciphertext: chunked(encrypted, [77]),
      ...(expectedObjectKey !== undefined ? { expectedObjectKey } : {}),
    },
    async (plaintext, info) => ({ plaintext: await collect(plaintext), info }),
  );
}

describe("encryptObject / decryptObject with the account's service key", () => {
  it("round-trips through the service key alias/acs/s3, created on first use and reused", async () => {
    expect(await deps.aliases.get(ACCOUNT, serviceKeyAlias("S3"))).toBeUndefined();
    const plaintext = bytesOf(1000);
    const first = await seal(plaintext);
    const alias = await deps.aliases.get(ACCOUNT, serviceKeyAlias("S3"));
    expect(alias?.keyId).toBe(first.info.keyId);
    const key = await deps.keys.get(ACCOUNT, first.info.keyId);
    expect(key).toMatchObject({ creator: "S3", creatorType: "Service", keySpec: "Aliyun_AES_256" });

    const second = await seal(bytesOf(10));
    expect(second.info.keyId).toBe(first.info.keyId);
    const listed = await deps.keys.list(
      ACCOUNT,
      { creatorType: ["Service"] },
      { pageNumber: 1, pageSize: 10 },
    );
    expect(listed.totalCount).toBe(1);

    const opened = await open(first.encrypted);
    expect(Buffer.from(opened.plaintext)).toEqual(Buffer.from(plaintext));
    expect(opened.info).toMatchObject({
      keyId: first.info.keyId,
      keyVersionId: first.info.keyVersionId,
      frameSize: 64,
    });
    expect(opened.info.context).toEqual(objectEncryptionContext(ACCOUNT, KEY));
  });

  it("uses a fresh data key and stream id for every object", async () => {
    const plaintext = bytesOf(100);
    const a = await seal(plaintext);
    const b = await seal(plaintext);
    expect(Buffer.from(a.encrypted)).not.toEqual(Buffer.from(b.encrypted));
    expect(Buffer.from(a.encrypted.subarray(10, 26))).not.toEqual(Buffer.from(b.encrypted.subarray(10, 26)));
  });

  it("gives another account Forbidden.KeyNotFound", async () => {
    const { encrypted } = await seal(bytesOf(10));
    await expect(open(encrypted, "6543210987654321")).rejects.toBeInstanceOf(KeyNotFoundError);
  });

  it("refuses an object whose header was re-addressed to another key (the context binds the key)", async () => {
    const { encrypted, info } = await seal(bytesOf(10));
    const headerBytes = info.headerBytes;
    // The same wrapped data key under a header claiming another object key: the data key does not open.
    const original = encrypted.subarray(0, headerBytes);
    const view = new DataView(original.buffer, original.byteOffset);
    const n = view.getUint16(58);
    const forged = encodeObjectHeader({
      frameSize: view.getUint32(6),
      streamId: original.slice(10, 26),
      keyId: info.keyId,
      keyVersionId: info.keyVersionId,
      wrappedDataKey: original.slice(60, 60 + n),
      context: objectEncryptionContext(ACCOUNT, `${ACCOUNT}/elsewhere`),
    });
    const moved = concatBytes(forged, encrypted.subarray(headerBytes));
    await expect(open(moved, ACCOUNT, `${ACCOUNT}/elsewhere`)).rejects.toBeInstanceOf(InvalidCiphertextError);
  });

  it("refuses a tampered wrapped data key", async () => {
    const { encrypted } = await seal(bytesOf(10));
    const tampered = encrypted.slice();
    tampered[100] = (tampered[100] as number) ^ 1;
    await expect(open(tampered)).rejects.toBeInstanceOf(InvalidCiphertextError);
  });

  it("decrypts a local copy without an expected key, and streams its plaintext", async () => {
    const plaintext = bytesOf(300);
    const { encrypted } = await seal(plaintext);
    const opened = await open(encrypted, ACCOUNT, undefined);
    expect(Buffer.from(opened.plaintext)).toEqual(Buffer.from(plaintext));
  });
});

describe("object service preconditions", () => {
  it("the frame size is valid before any key is asked for", async () => {
    const { deps: fresh } = await stack.newDeps();
    await expect(
      encryptObject(
        fresh,
        ACCOUNT,
        { objectKey: KEY, plaintext: chunked(bytesOf(1)), frameSize: 0 },
        async () => 0,
      ),
    ).rejects.toBeInstanceOf(InvalidParameterError);
    expect(await fresh.aliases.get(ACCOUNT, serviceKeyAlias("S3"))).toBeUndefined();
  });

  it("the object belongs to the caller's account", async () => {
    const { encrypted } = await seal(bytesOf(10));
    const before = storeCalls();
    await expect(open(encrypted, "other-account")).rejects.toBeInstanceOf(KeyNotFoundError);
    expect(storeCalls()).toBe(before); // refused from the header alone, before any key lookup
  });

  it("the object is read from the key it was encrypted for", async () => {
    const { encrypted } = await seal(bytesOf(10));
    await expect(open(encrypted, ACCOUNT, `${ACCOUNT}/renamed.csv`)).rejects.toBeInstanceOf(
      InvalidCiphertextError,
    );
  });

  it("the data key was wrapped by the key version the header names", async () => {
    const { encrypted, info } = await seal(bytesOf(10));
    const forged = encrypted.slice(0, info.headerBytes);
    forged.set(bytesOf(16), 42); // another key version id
    const opened = decryptObject(
      deps,
      { accountId: ACCOUNT },
      { ciphertext: headerOnly(forged) },
      async () => 0,
    );
    await expect(opened).rejects.toBeInstanceOf(InvalidCiphertextError);
  });

  it("the unwrapped data key is the base64 text of 32 bytes", async () => {
    const { info } = await seal(bytesOf(1));
    const context = objectEncryptionContext(ACCOUNT, KEY);
    const caller = { accountId: ACCOUNT };
    // A blob from the right key and context that does not hold a 32-byte data key.
    const notADataKey = await encrypt(deps, caller, {
      keyId: info.keyId,
      plaintext: new TextEncoder().encode("hello"),
      encryptionContext: context,
    });
    const shortKey = await generateDataKey(deps, caller, {
      keyId: info.keyId,
      numberOfBytes: 16,
      encryptionContext: context,
    });
    for (const blob of [notADataKey, shortKey]) {
      const header = encodeObjectHeader({
        frameSize: 64,
        streamId: bytesOf(16),
        keyId: blob.keyId,
        keyVersionId: blob.keyVersionId,
        wrappedDataKey: blob.ciphertextBlob,
        context,
      });
      await expect(open(header)).rejects.toBeInstanceOf(InvalidCiphertextError);
    }
  });
});
