import { createCipheriv } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KeyVersionHandle } from "../../../core/crypto/CryptoProvider";
import { blobAssociatedData, decodeCiphertextBlob } from "../../../core/crypto/ciphertextBlob";
import { MaterialCache } from "../../../core/crypto/MaterialCache";
import { RootKeyring, wrapMaterial } from "../../../core/crypto/rootKeyring";
import { SoftwareCryptoProvider } from "../../../core/crypto/SoftwareCryptoProvider";
import { InvalidCiphertextError } from "../../../core/errors";
import type { KeySpec } from "../../../core/keys/types";
import { openFromBlob, sealToBlob } from "./blobPipeline";
import { counterRandom, fromHex, loadVector, scriptedRandom, toHex } from "./support";

interface GoldenBlob {
  readonly source: string;
  readonly suite: "AES_GCM" | "SM4_GCM";
  readonly suiteByte: number;
  readonly keySpec: KeySpec;
  readonly key: string;
  readonly nonce: string;
  readonly accountId: string;
  readonly keyId: string;
  readonly versionId: string;
  readonly encryptionContext: Record<string, string>;
  readonly plaintextUtf8: string;
  readonly associatedData: string;
  readonly blob: string;
}

const goldens = [
  loadVector<GoldenBlob>("aes-gcm/keyward-blob-v1-golden.json"),
  loadVector<GoldenBlob>("sm4/keyward-blob-v1-golden.json"),
];
const keyring = RootKeyring.fromKeys("golden-root", { "golden-root": new Uint8Array(32).fill(0x42) });

function handleFor(g: GoldenBlob): KeyVersionHandle {
  const identity = { accountId: g.accountId, keyId: g.keyId, versionId: g.versionId, keySpec: g.keySpec };
  const ref = wrapMaterial(keyring, identity, fromHex(g.key), counterRandom(9));
  return { ...identity, material: { kind: "software", ...ref } };
}

describe("golden ciphertext blobs, format v1 (DESIGN section 4)", () => {
  for (const g of goldens) {
    describe(g.suite, () => {
      const handle = handleFor(g);
      const plaintext = new TextEncoder().encode(g.plaintextUtf8);

      it("sealing the fixed inputs gives exactly the frozen bytes", async () => {
        const provider = new SoftwareCryptoProvider({
          keyring,
          cache: new MaterialCache({ maxEntries: 4 }),
          randomBytes: scriptedRandom(fromHex(g.nonce)),
        });
        expect(toHex(await sealToBlob(provider, handle, plaintext, g.encryptionContext))).toBe(g.blob);
      });

      it("the frozen blob decodes to its fields and opens with its context", async () => {
        const blob = fromHex(g.blob);
        const decoded = decodeCiphertextBlob(blob);
        expect(decoded).toMatchObject({
          suite: g.suite,
          keyId: g.keyId,
          versionId: g.versionId,
          formatVersion: 1,
        });
        expect(blob[3]).toBe(g.suiteByte);
        expect(toHex(decoded.nonce)).toBe(g.nonce);
        expect(toHex(blobAssociatedData(decoded.header, g.encryptionContext))).toBe(g.associatedData);
        const provider = new SoftwareCryptoProvider({
          keyring,
          cache: new MaterialCache({ maxEntries: 4 }),
          randomBytes: counterRandom(),
        });
        const opened = await openFromBlob(provider, handle, blob, g.encryptionContext);
        expect(new TextDecoder().decode(opened)).toBe(g.plaintextUtf8);
        await expect(openFromBlob(provider, handle, blob, {})).rejects.toThrow(InvalidCiphertextError);
      });
    });
  }

  it("the AES-GCM golden blob is what node:crypto gives for the same key, nonce and associated data", () => {
    const g = goldens[0] as GoldenBlob;
    const cipher = createCipheriv("aes-256-gcm", fromHex(g.key), fromHex(g.nonce));
    cipher.setAAD(fromHex(g.associatedData));
    const body = Buffer.concat([cipher.update(g.plaintextUtf8, "utf8"), cipher.final(), cipher.getAuthTag()]);
    expect(g.blob).toBe(g.associatedData.slice(0, 72) + g.nonce + body.toString("hex"));
  });
});

describe("tampering with a blob or its context (fast-check)", () => {
  const specs: KeySpec[] = ["Aliyun_AES_128", "Aliyun_AES_192", "Aliyun_AES_256", "Aliyun_SM4"];
  const provider = new SoftwareCryptoProvider({
    keyring,
    cache: new MaterialCache({ maxEntries: 16 }),
    randomBytes: counterRandom(11),
  });
  const handles = new Map<KeySpec, KeyVersionHandle>();
  const handleOf = async (spec: KeySpec) => {
    let handle = handles.get(spec);
    if (!handle) {
      const identity = {
        accountId: "1234567890123456",
        // One key per KeySpec: the material cache is keyed by (account, key, version).
        keyId: `0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8${specs.indexOf(spec)}`,
        versionId: "f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f",
        keySpec: spec,
      };
      handle = { ...identity, ...(await provider.generate(identity)) };
      handles.set(spec, handle);
    }
    return handle;
  };
  const contextArb = fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 3 });

  it("any flipped bit of a blob makes decryption fail with InvalidCiphertextError", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...specs),
        fc.uint8Array({ maxLength: 64 }),
        contextArb,
        fc.nat(),
        fc.nat(7),
        async (spec, plaintext, context, at, bit) => {
          const handle = await handleOf(spec);
          const blob = await sealToBlob(provider, handle, plaintext, context);
          expect(await openFromBlob(provider, handle, blob, context)).toEqual(plaintext);
          const flipped = Uint8Array.from(blob);
          flipped[at % blob.length] = (flipped[at % blob.length] as number) ^ (1 << bit);
          await expect(openFromBlob(provider, handle, flipped, context)).rejects.toThrow(
            InvalidCiphertextError,
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it("a changed EncryptionContext makes decryption fail with InvalidCiphertextError", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...specs),
        fc.uint8Array({ maxLength: 32 }),
        contextArb,
        contextArb,
        async (spec, plaintext, a, b) => {
          fc.pre(JSON.stringify(Object.entries(a).sort()) !== JSON.stringify(Object.entries(b).sort()));
          const handle = await handleOf(spec);
          const blob = await sealToBlob(provider, handle, plaintext, a);
          await expect(openFromBlob(provider, handle, blob, b)).rejects.toThrow(InvalidCiphertextError);
        },
      ),
      { numRuns: 300 },
    );
  });
});
