import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidCiphertextError } from "../../../core/errors";
import { ByteReader } from "../../../core/objects/ByteReader";
import { bytesOf, chunked } from "./streamSupport";

describe("ByteReader", () => {
  it("hands out exactly the stream's bytes in reads of any sizes over any chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        async (bytes, chunks, reads) => {
          const reader = new ByteReader(chunked(bytes, chunks));
          const out: number[] = [];
          let i = 0;
          while (out.length < bytes.length) {
            const n = Math.min(reads[i++ % reads.length] as number, bytes.length - out.length);
            out.push(...(await reader.read(n)));
            expect(reader.position).toBe(out.length);
          }
          expect(out).toEqual([...bytes]);
          expect(await reader.atEnd()).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("says whether bytes remain without consuming them", async () => {
    const reader = new ByteReader(chunked(new Uint8Array([1, 2, 3]), [1]));
    expect(await reader.atEnd()).toBe(false);
    expect((await reader.read(0)).length).toBe(0);
    expect(reader.position).toBe(0);
    expect([...(await reader.read(3))]).toEqual([1, 2, 3]);
    expect(await reader.atEnd()).toBe(true);
  });

  it("the stream holds every byte the format announces", async () => {
    const reader = new ByteReader(chunked(bytesOf(10), [3]));
    await reader.read(4);
    await expect(reader.read(7)).rejects.toBeInstanceOf(InvalidCiphertextError);
  });

  it("closes its source when told to", async () => {
    let closed = false;
    async function* source() {
      try {
        yield new Uint8Array([1]);
        yield new Uint8Array([2]);
      } finally {
        closed = true;
      }
    }
    const reader = new ByteReader(source());
    await reader.read(1);
    await reader.close();
    expect(closed).toBe(true);
    expect(await reader.atEnd()).toBe(true);
  });
});
