import { createCipheriv } from "node:crypto";
import { sm4 as smCryptoSm4 } from "sm-crypto";
import { describe, expect, it } from "vitest";
import { fromHex, loadVector, toHex } from "./support";

// The SM4 block cipher itself (GB/T 32907-2016): node:crypto's OpenSSL implementation against the standard's
// values, with sm-crypto (an independent JavaScript implementation) as a second judge. Keyward's SM4-GCM is in
// sm4Gcm.test.ts.

interface Sm4BlockFile {
  readonly tests: readonly {
    readonly name: string;
    readonly source: string;
    readonly mode: "ecb" | "cbc";
    readonly key: string;
    readonly iv?: string;
    readonly pt: string;
    readonly ct: string;
    readonly iterations?: number;
  }[];
}

const vectors = loadVector<Sm4BlockFile>("sm4/sm4-block-kat.json").tests;
const [single, million, cbc] = vectors as [
  Sm4BlockFile["tests"][number],
  Sm4BlockFile["tests"][number],
  Sm4BlockFile["tests"][number],
];

describe("SM4 block cipher known answers (GB/T 32907-2016)", () => {
  it("every vector names its public source", () => {
    for (const v of vectors) expect(v.source).toMatch(/GB\/T 32907|GmSSL|ehsm/);
    expect(million.iterations).toBe(1_000_000);
  });

  it("ECB, one block: node:crypto sm4-ecb and sm-crypto give the standard's value", () => {
    const cipher = createCipheriv("sm4-ecb", fromHex(single.key), null).setAutoPadding(false);
    expect(toHex(cipher.update(fromHex(single.pt)))).toBe(single.ct);
    expect(smCryptoSm4.encrypt([...fromHex(single.pt)], single.key, { padding: "none" })).toBe(single.ct);
  });

  it("ECB, the block encrypted 1,000,000 times: node:crypto gives the standard's value", () => {
    const cipher = createCipheriv("sm4-ecb", fromHex(million.key), null).setAutoPadding(false);
    let block: Uint8Array = fromHex(million.pt);
    for (let i = 0; i < 1_000_000; i++) block = cipher.update(block);
    expect(toHex(block)).toBe(million.ct);
  });

  it("CBC without padding: node:crypto sm4-cbc and sm-crypto give the published value", () => {
    const cipher = createCipheriv("sm4-cbc", fromHex(cbc.key), fromHex(cbc.iv ?? "")).setAutoPadding(false);
    expect(toHex(cipher.update(fromHex(cbc.pt)))).toBe(cbc.ct);
    expect(
      smCryptoSm4.encrypt([...fromHex(cbc.pt)], cbc.key, { mode: "cbc", iv: cbc.iv, padding: "none" }),
    ).toBe(cbc.ct);
  });
});
