import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeEncryptionContext } from "../../../core/crypto/encryptionContext";
import { InvalidCiphertextError, InvalidParameterError } from "../../../core/errors";
import { ByteReader } from "../../../core/objects/ByteReader";
import { decodeObjectContext, objectEncryptionContext } from "../../../core/objects/objectContext";
import { MAX_FRAME_SIZE } from "../../../core/objects/objectFormat";
import { encodeObjectHeader, readObjectHeader } from "../../../core/objects/objectHeader";
import { chunked, testFields } from "./streamSupport";

async function read(bytes: Uint8Array, chunks?: readonly number[]) {
  return readObjectHeader(new ByteReader(chunked(bytes, chunks)));
}

function withByte(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice();
  copy[offset] = value;
  return copy;
}

describe("object header layout", () => {
  it("lays the fields out at the documented offsets", () => {
    const fields = testFields(65536);
    const header = encodeObjectHeader(fields);
    const view = new DataView(header.buffer);
    expect(Buffer.from(header.subarray(0, 4)).toString("latin1")).toBe("KWOB");
    expect(header[4]).toBe(1);
    expect(header[5]).toBe(1);
    expect(view.getUint32(6)).toBe(65536);
    expect(Buffer.from(header.subarray(10, 26))).toEqual(Buffer.from(fields.streamId));
    expect(Buffer.from(header.subarray(26, 42)).toString("hex")).toBe(fields.keyId.replaceAll("-", ""));
    expect(Buffer.from(header.subarray(42, 58)).toString("hex")).toBe(
      fields.keyVersionId.replaceAll("-", ""),
    );
    expect(view.getUint16(58)).toBe(108);
    expect(Buffer.from(header.subarray(60, 168))).toEqual(Buffer.from(fields.wrappedDataKey));
    const context = encodeEncryptionContext(fields.context);
    expect(view.getUint16(168)).toBe(context.length);
    expect(Buffer.from(header.subarray(170))).toEqual(Buffer.from(context));
    expect(header.length).toBe(62 + 108 + context.length);
  });

  it("reads back what it wrote, whatever the chunking and object key", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: MAX_FRAME_SIZE }),
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 4 }),
        async (frameSize, name, chunks) => {
          const fields = testFields(frameSize, `123456/${name}`);
          const header = encodeObjectHeader(fields);
          const decoded = await read(header, chunks);
          expect(decoded.frameSize).toBe(frameSize);
          expect(decoded.keyId).toBe(fields.keyId);
          expect(decoded.keyVersionId).toBe(fields.keyVersionId);
          expect(Buffer.from(decoded.streamId)).toEqual(Buffer.from(fields.streamId));
          expect(Buffer.from(decoded.wrappedDataKey)).toEqual(Buffer.from(fields.wrappedDataKey));
          expect({ ...decoded.context }).toEqual({ ...fields.context });
          expect(decoded.headerBytes).toBe(header.length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("fails with InvalidCiphertextError and nothing else on any garbage", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        await expect(read(bytes)).rejects.toBeInstanceOf(InvalidCiphertextError);
      }),
      { numRuns: 200 },
    );
  });
});

describe("object header preconditions (encoder)", () => {
  it("the frame size is between 1 byte and 16 MiB", () => {
    for (const frameSize of [0, MAX_FRAME_SIZE + 1, 1.5]) {
      expect(() => encodeObjectHeader(testFields(frameSize))).toThrow(InvalidParameterError);
    }
  });

  it("the stream id is 16 bytes", () => {
    expect(() => encodeObjectHeader({ ...testFields(16), streamId: new Uint8Array(15) })).toThrow(
      InvalidParameterError,
    );
  });

  it("the wrapped data key is 1 to 1024 bytes", () => {
    for (const length of [0, 1025]) {
      expect(() => encodeObjectHeader({ ...testFields(16), wrappedDataKey: new Uint8Array(length) })).toThrow(
        InvalidParameterError,
      );
    }
  });

  it("the encoded context fits a u16 length", () => {
    const fields = { ...testFields(16), context: objectEncryptionContext("1", "x".repeat(70_000)) };
    expect(() => encodeObjectHeader(fields)).toThrow(InvalidParameterError);
  });
});

describe("object header preconditions (decoder)", () => {
  const header = encodeObjectHeader(testFields(16));

  it('the object starts with the magic "KWOB"', async () => {
    await expect(read(withByte(header, 3, 0x43))).rejects.toBeInstanceOf(InvalidCiphertextError);
  });

  it("the format version is 1", async () => {
    await expect(read(withByte(header, 4, 2))).rejects.toBeInstanceOf(InvalidCiphertextError);
  });

  it("the suite is 1", async () => {
    await expect(read(withByte(header, 5, 2))).rejects.toBeInstanceOf(InvalidCiphertextError);
  });

  it("the header's frame size is between 1 byte and 16 MiB", async () => {
    const zero = header.slice();
    new DataView(zero.buffer).setUint32(6, 0);
    await expect(read(zero)).rejects.toBeInstanceOf(InvalidCiphertextError);
    const huge = header.slice();
    new DataView(huge.buffer).setUint32(6, MAX_FRAME_SIZE + 1);
    await expect(read(huge)).rejects.toBeInstanceOf(InvalidCiphertextError);
  });

  it("the header's wrapped data key is 1 to 1024 bytes", async () => {
    const empty = header.slice();
    new DataView(empty.buffer).setUint16(58, 0);
    await expect(read(empty)).rejects.toBeInstanceOf(InvalidCiphertextError);
    const long = header.slice();
    new DataView(long.buffer).setUint16(58, 1025);
    await expect(read(long)).rejects.toBeInstanceOf(InvalidCiphertextError);
  });
});

describe("object EncryptionContext", () => {
  const context = objectEncryptionContext("123456", "123456/a b+c.txt");
  const encoded = encodeEncryptionContext(context);

  it("binds service, account and object key", () => {
    expect(context).toEqual({ service: "S3", account: "123456", objectKey: "123456/a b+c.txt" });
    expect({ ...decodeObjectContext(encoded) }).toEqual(context);
  });

  it("every context field fits in the encoded context", () => {
    for (let length = 0; length < encoded.length; length++) {
      expect(() => decodeObjectContext(encoded.subarray(0, length))).toThrow(InvalidCiphertextError);
    }
  });

  it("the stored context is in canonical form", () => {
    // The same pairs in another order: decodable, but not the canonical bytes.
    const parts: Buffer[] = [Buffer.from([0, 0, 0, 3])];
    for (const [k, v] of [
      ["service", "S3"],
      ["account", "123456"],
      ["objectKey", "k"],
    ] as const) {
      for (const text of [k, v]) {
        const bytes = Buffer.from(text);
        parts.push(Buffer.from([0, 0, 0, bytes.length]), bytes);
      }
    }
    expect(() => decodeObjectContext(new Uint8Array(Buffer.concat(parts)))).toThrow(InvalidCiphertextError);
    expect(() => decodeObjectContext(new Uint8Array([...encoded, 0]))).toThrow(InvalidCiphertextError);
  });

  it("the stored context is an object context", () => {
    const others: Record<string, string>[] = [
      { service: "OSS", account: "1", objectKey: "k" },
      { account: "1", objectKey: "k" },
      {},
    ];
    for (const other of others) {
      expect(() => decodeObjectContext(encodeEncryptionContext(other))).toThrow(InvalidCiphertextError);
    }
    const extra = { ...context, more: "x" };
    expect(() => decodeObjectContext(encodeEncryptionContext(extra))).toThrow(InvalidCiphertextError);
  });

  it("refuses a context that is not UTF-8", () => {
    const bad = encoded.slice();
    bad[encoded.length - 1] = 0xff;
    expect(() => decodeObjectContext(bad)).toThrow(InvalidCiphertextError);
  });
});
