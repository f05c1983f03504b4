import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatBytes } from "../../../core/crypto/bytes";
import { InvalidCiphertextError } from "../../../core/errors";
import { DEFAULT_FRAME_SIZE, FRAME_TAG_BYTES } from "../../../core/objects/objectFormat";
import { encodeObjectHeader } from "../../../core/objects/objectHeader";
import { encryptedObjectSize } from "../../../core/objects/sealObjectStream";
import { bytesOf, frameSpans, open, seal, testFields } from "./streamSupport";

const frameKey = bytesOf(32);

/** Expects decryption to fail with InvalidCiphertextError and nothing else. */
async function expectInvalid(encrypted: Uint8Array, chunks?: readonly number[]): Promise<void> {
  await expect(open(encrypted, frameKey, chunks)).rejects.toBeInstanceOf(InvalidCiphertextError);
}

/** A small object of three regular frames and a short final one, for the tampering examples. */
async function sample() {
  const fields = testFields(16);
  const plaintext = bytesOf(3 * 16 + 5);
  const encrypted = await seal(plaintext, fields, frameKey);
  const headerBytes = encodeObjectHeader(fields).length;
  return { fields, plaintext, encrypted, headerBytes, spans: frameSpans(encrypted, headerBytes, 16) };
}

describe("object stream round trips", () => {
  it("decrypts what it encrypted, for any size, frame size and chunking on both sides", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 400 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 131 }), { minLength: 1, maxLength: 5 }),
        async (frameSize, size, inputChunks, cipherChunks) => {
          const fields = testFields(frameSize);
          const plaintext = bytesOf(size);
          const encrypted = await seal(plaintext, fields, frameKey, inputChunks);
          expect(encrypted.length).toBe(
            encryptedObjectSize(encodeObjectHeader(fields).length, frameSize, size),
          );
          expect(Buffer.from(await open(encrypted, frameKey, cipherChunks))).toEqual(Buffer.from(plaintext));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("writes an empty object as the header and one empty final frame", async () => {
    const fields = testFields(DEFAULT_FRAME_SIZE);
    const encrypted = await seal(new Uint8Array(0), fields, frameKey);
    const headerBytes = encodeObjectHeader(fields).length;
    expect(encrypted.length).toBe(headerBytes + 5 + FRAME_TAG_BYTES);
    expect([...encrypted.subarray(headerBytes, headerBytes + 5)]).toEqual([1, 0, 0, 0, 0]);
    expect((await open(encrypted, frameKey)).length).toBe(0);
  });

  it("writes exactly one frame of plaintext as one full final frame", async () => {
    const fields = testFields(32);
    const encrypted = await seal(bytesOf(32), fields, frameKey, [7]);
    const spans = frameSpans(encrypted, encodeObjectHeader(fields).length, 32);
    expect(spans).toHaveLength(1);
    expect(spans[0]?.final).toBe(true);
    expect(spans[0]!.end - spans[0]!.start).toBe(5 + 32 + FRAME_TAG_BYTES);
  });

  it("never repeats a ciphertext for the same plaintext frame (counter nonces)", async () => {
    const fields = testFields(8);
    const encrypted = await seal(new Uint8Array(8 * 4), fields, frameKey);
    const spans = frameSpans(encrypted, encodeObjectHeader(fields).length, 8);
    const bodies = spans
      .slice(0, 3)
      .map((s) => Buffer.from(encrypted.subarray(s.start + 1, s.start + 9)).toString("hex"));
    expect(new Set(bodies).size).toBe(3);
  });
});

describe("object stream tampering", () => {
  it("detects any single flipped bit, in the header or in any frame", async () => {
    const { encrypted } = await sample();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: encrypted.length * 8 - 1 }), async (bit) => {
        const tampered = encrypted.slice();
        tampered[bit >> 3] = (tampered[bit >> 3] as number) ^ (1 << (bit & 7));
        await expectInvalid(tampered);
      }),
      { numRuns: 300 },
    );
  });

  it("detects reordered frames", async () => {
    const { encrypted, spans, headerBytes } = await sample();
    const [a, b, c, last] = spans.map((s) => encrypted.subarray(s.start, s.end));
    await expectInvalid(concatBytes(encrypted.subarray(0, headerBytes), b!, a!, c!, last!));
    await expectInvalid(concatBytes(encrypted.subarray(0, headerBytes), a!, c!, b!, last!));
  });

  it("detects a dropped or duplicated frame", async () => {
    const { encrypted, spans, headerBytes } = await sample();
    const [a, b, c, last] = spans.map((s) => encrypted.subarray(s.start, s.end));
    await expectInvalid(concatBytes(encrypted.subarray(0, headerBytes), a!, c!, last!));
    await expectInvalid(concatBytes(encrypted.subarray(0, headerBytes), a!, b!, b!, c!, last!));
  });

  it("detects truncation at any length, frame boundaries included", async () => {
    const { encrypted } = await sample();
    for (let length = 0; length < encrypted.length; length++) {
      await expectInvalid(encrypted.subarray(0, length), [5]);
    }
  });

  it("detects extension by any bytes after the final frame", async () => {
    const { encrypted, spans } = await sample();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 40 }), async (extra) => {
        await expectInvalid(concatBytes(encrypted, extra));
      }),
      { numRuns: 50 },
    );
    const last = spans.at(-1)!;
    await expectInvalid(concatBytes(encrypted, encrypted.subarray(last.start, last.end)));
  });

  it("detects a frame taken from another object under the same frame key", async () => {
    const one = await sample();
    const other = await sample();
    const swapped = concatBytes(
      one.encrypted.subarray(0, one.spans[1]!.start),
      other.encrypted.subarray(other.spans[1]!.start, other.spans[1]!.end),
      one.encrypted.subarray(one.spans[1]!.end),
    );
    await expectInvalid(swapped);
  });

  it("detects a header swapped for another object's header", async () => {
    const one = await sample();
    const other = await sample();
    await expectInvalid(
      concatBytes(other.encrypted.subarray(0, other.headerBytes), one.encrypted.subarray(one.headerBytes)),
    );
  });

  it("detects a regular frame retyped as final and a final frame retyped as regular", async () => {
    const { encrypted, spans } = await sample();
    const retyped = encrypted.slice();
    retyped[spans[0]!.start] = 1;
    await expectInvalid(retyped);
    const last = spans.at(-1)!;
    const lengthless = concatBytes(
      encrypted.subarray(0, last.start),
      new Uint8Array([0]),
      encrypted.subarray(last.start + 5),
    );
    await expectInvalid(lengthless);
  });

  it("refuses a wrong frame key", async () => {
    const { encrypted } = await sample();
    await expect(open(encrypted, bytesOf(32))).rejects.toBeInstanceOf(InvalidCiphertextError);
  });
});

describe("object stream preconditions", () => {
  it("a frame starts with type 0x00 (regular) or 0x01 (final)", async () => {
    const { encrypted, spans } = await sample();
    const tampered = encrypted.slice();
    tampered[spans[1]!.start] = 2;
    await expectInvalid(tampered);
  });

  it("the final frame holds at most one frame size of plaintext", async () => {
    const { encrypted, spans } = await sample();
    const last = spans.at(-1)!;
    const tampered = encrypted.slice();
    new DataView(tampered.buffer).setUint32(last.start + 1, 17);
    await expectInvalid(concatBytes(tampered, new Uint8Array(12)));
  });

  it("nothing follows the final frame", async () => {
    const { encrypted } = await sample();
    await expectInvalid(concatBytes(encrypted, new Uint8Array([0])));
  });

  it("the stream holds every byte the format announces", async () => {
    const { encrypted, spans } = await sample();
    await expectInvalid(encrypted.subarray(0, spans[2]!.start));
  });
});
