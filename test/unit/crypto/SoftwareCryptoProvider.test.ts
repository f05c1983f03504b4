import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { asymmetricEncrypt, verifyDigest } from "../../../core/crypto/asymmetric";
import type { KeyVersionHandle } from "../../../core/crypto/CryptoProvider";
import { MaterialCache } from "../../../core/crypto/MaterialCache";
import { RootKeyring, unwrapMaterial } from "../../../core/crypto/rootKeyring";
import { SoftwareCryptoProvider } from "../../../core/crypto/SoftwareCryptoProvider";
import { InternalCryptoError, InvalidCiphertextError, UnsupportedOperationError } from "../../../core/errors";
import type { KeyVersionIdentity } from "../../../core/keys/KeyRecord";
import { KEY_SPECS, type KeySpec } from "../../../core/keys/types";
import { counterRandom } from "./support";

const keyring = RootKeyring.generate("root-1", counterRandom(5));
const SYMMETRIC: readonly [KeySpec, number][] = [
  ["Aliyun_AES_128", 16],
  ["Aliyun_AES_192", 24],
  ["Aliyun_AES_256", 32],
  ["Aliyun_SM4", 16],
];

let nextKey = 0;
function identityOf(keySpec: KeySpec): KeyVersionIdentity {
  nextKey++;
  const suffix = nextKey.toString(16).padStart(12, "0");
  return {
    accountId: "1234567890123456",
    keyId: `0b1c2d3e-4f50-4617-8829-${suffix}`,
    versionId: `f0e1d2c3-b4a5-4697-8879-${suffix}`,
    keySpec,
  };
}

function newProvider(options: { cacheSize?: number; ring?: RootKeyring; cache?: MaterialCache } = {}) {
  const cache = options.cache ?? new MaterialCache({ maxEntries: options.cacheSize ?? 8 });
  return {
    cache,
    provider: new SoftwareCryptoProvider({
      keyring: options.ring ?? keyring,
      cache,
      randomBytes: counterRandom(nextKey),
    }),
  };
}

async function generated(provider: SoftwareCryptoProvider, spec: KeySpec): Promise<KeyVersionHandle> {
  const identity = identityOf(spec);
  const material = await provider.generate(identity);
  return { ...identity, ...material };
}

describe("SoftwareCryptoProvider: symmetric keys", () => {
  for (const [spec, keyBytes] of SYMMETRIC) {
    it(`${spec}: generates ${keyBytes} bytes of wrapped material and round-trips through encrypt/decrypt`, async () => {
      const { provider } = newProvider({ cacheSize: 0 });
      const handle = await generated(provider, spec);
      expect(handle.material.kind).toBe("software");
      if (handle.material.kind !== "software") return;
      expect(handle.material.rootKeyId).toBe("root-1");
      expect(handle.publicKey).toBeUndefined();
      expect(unwrapMaterial(keyring, handle, handle.material)).toHaveLength(keyBytes);
      const aad = new TextEncoder().encode("aad");
      const plaintext = new TextEncoder().encode(`hello ${spec}`);
      const sealed = await provider.encrypt(handle, plaintext, aad);
      expect(sealed.nonce).toHaveLength(12);
      expect(sealed.tag).toHaveLength(16);
      expect(sealed.ciphertext).toHaveLength(plaintext.length);
      expect(await provider.decrypt(handle, sealed, aad)).toEqual(plaintext);
      await expect(provider.decrypt(handle, sealed, new Uint8Array(0))).rejects.toThrow(
        InvalidCiphertextError,
      );
    });
  }

  it("draws a fresh nonce for every encryption", async () => {
    const { provider } = newProvider();
    const handle = await generated(provider, "Aliyun_AES_256");
    const a = await provider.encrypt(handle, new Uint8Array(4), new Uint8Array(0));
    const b = await provider.encrypt(handle, new Uint8Array(4), new Uint8Array(0));
    expect(a.nonce).not.toEqual(b.nonce);
    expect(a.ciphertext).not.toEqual(b.ciphertext);
  });

  it("a warm call unwraps nothing: it works even where the root key is unavailable", async () => {
    const { provider, cache } = newProvider();
    const handle = await generated(provider, "Aliyun_SM4");
    const sealed = await provider.encrypt(handle, new Uint8Array([1, 2, 3]), new Uint8Array(0));
    // Same cache, a keyring without root-1: only the cached material can serve.
    const otherRing = RootKeyring.generate("root-2", counterRandom(99));
    const warm = new SoftwareCryptoProvider({ keyring: otherRing, cache, randomBytes: counterRandom(3) });
    expect(await warm.decrypt(handle, sealed, new Uint8Array(0))).toEqual(new Uint8Array([1, 2, 3]));
    // A cold cache must unwrap, and fails without the root key.
    const cold = new SoftwareCryptoProvider({
      keyring: otherRing,
      cache: new MaterialCache({ maxEntries: 8 }),
      randomBytes: counterRandom(3),
    });
    await expect(cold.decrypt(handle, sealed, new Uint8Array(0))).rejects.toThrow(InternalCryptoError);
    // With the root key, a cold cache unwraps and then caches.
    const coldCache = new MaterialCache({ maxEntries: 8 });
    const unwrapping = new SoftwareCryptoProvider({
      keyring,
      cache: coldCache,
      randomBytes: counterRandom(3),
    });
    expect(await unwrapping.decrypt(handle, sealed, new Uint8Array(0))).toEqual(new Uint8Array([1, 2, 3]));
    expect(coldCache.get(handle)).toHaveLength(16);
  });

  it("with caching disabled, wipes the unwrapped material after each call", async () => {
    const cache = new MaterialCache({ maxEntries: 0 });
    const { provider } = newProvider({ cache });
    const handle = await generated(provider, "Aliyun_AES_128");
    const sealed = await provider.encrypt(handle, new Uint8Array(8), new Uint8Array(0));
    expect(cache.size).toBe(0);
    expect(await provider.decrypt(handle, sealed, new Uint8Array(0))).toEqual(new Uint8Array(8));
  });

  it("destroy() drops the cached material", async () => {
    const { provider, cache } = newProvider();
    const handle = await generated(provider, "Aliyun_AES_256");
    const cached = cache.get(handle) as Uint8Array;
    expect(cached).toHaveLength(32);
    await provider.destroy(handle);
    expect(cache.get(handle)).toBeUndefined();
    expect(cached.every((b) => b === 0)).toBe(true);
  });

  it("accepts every KeySpec at creation", async () => {
    const { provider } = newProvider();
    for (const spec of KEY_SPECS)
      await expect(provider.assertCanCreate(spec, "ENCRYPT/DECRYPT")).resolves.toBeUndefined();
    expect(provider.protectionLevel).toBe("SOFTWARE");
  });

  it("Precondition: symmetric encryption needs a symmetric KeySpec.", async () => {
    const { provider } = newProvider();
    const handle = { ...(await generated(provider, "Aliyun_AES_256")), keySpec: "RSA_2048" as const };
    await expect(provider.encrypt(handle, new Uint8Array(1), new Uint8Array(0))).rejects.toThrow(
      UnsupportedOperationError,
    );
    await expect(
      provider.decrypt(
        handle,
        { nonce: new Uint8Array(12), ciphertext: new Uint8Array(0), tag: new Uint8Array(16) },
        new Uint8Array(0),
      ),
    ).rejects.toThrow(UnsupportedOperationError);
  });

  it("Precondition: the material has the KeySpec's key length.", async () => {
    const { provider } = newProvider({ cacheSize: 0 });
    const aes128 = await generated(provider, "Aliyun_AES_128");
    // The same material presented as AES-256: unwrapping binds the KeySpec, so it fails before any use...
    await expect(
      provider.encrypt({ ...aes128, keySpec: "Aliyun_AES_256" }, new Uint8Array(1), new Uint8Array(0)),
    ).rejects.toThrow(InternalCryptoError);
    // ...and a cached material of the wrong length is refused too.
    const { provider: cached, cache } = newProvider();
    const sm4 = await generated(cached, "Aliyun_SM4");
    cache.set(sm4, new Uint8Array(32));
    await expect(cached.encrypt(sm4, new Uint8Array(1), new Uint8Array(0))).rejects.toThrow(
      InternalCryptoError,
    );
  });

  it("Precondition: the version's material is wrapped in software, not held by an HSM.", async () => {
    const { provider } = newProvider();
    const handle: KeyVersionHandle = {
      ...identityOf("Aliyun_AES_256"),
      material: { kind: "hsm", label: "x" },
    };
    await expect(provider.encrypt(handle, new Uint8Array(1), new Uint8Array(0))).rejects.toThrow(
      InternalCryptoError,
    );
  });

  it("Postcondition: the random source returned the requested length.", async () => {
    const handed: Uint8Array[] = [];
    const short = (n: number) => {
      const out = new Uint8Array(n - 1).fill(0x33);
      handed.push(out);
      return out;
    };
    const provider = new SoftwareCryptoProvider({
      keyring,
      cache: new MaterialCache({ maxEntries: 2 }),
      randomBytes: short,
    });
    await expect(provider.generate(identityOf("Aliyun_AES_256"))).rejects.toThrow(InternalCryptoError);
    const { provider: good } = newProvider();
    const handle = await generated(good, "Aliyun_AES_256");
    await expect(provider.encrypt(handle, new Uint8Array(1), new Uint8Array(0))).rejects.toThrow(
      InternalCryptoError,
    );
    expect(handed).toHaveLength(2);
    for (const array of handed) expect(array.every((b) => b === 0)).toBe(true);
  });
});

describe("SoftwareCryptoProvider: asymmetric keys", () => {
  const digest = createHash("sha256").update("message").digest();
  const cases: readonly [
    KeySpec,
    "RSAES_OAEP_SHA_256" | "RSAES_OAEP_SHA_1" | "SM2PKE" | undefined,
    "RSA_PSS_SHA_256" | "RSA_PKCS1_SHA_256" | "ECDSA_SHA_256" | "SM2DSA",
  ][] = [
    ["RSA_2048", "RSAES_OAEP_SHA_256", "RSA_PSS_SHA_256"],
    ["RSA_3072", "RSAES_OAEP_SHA_1", "RSA_PKCS1_SHA_256"],
    ["EC_P256", undefined, "ECDSA_SHA_256"],
    ["EC_P256K", undefined, "ECDSA_SHA_256"],
    ["EC_SM2", "SM2PKE", "SM2DSA"],
  ];

  for (const [spec, encryption, signing] of cases) {
    it(`${spec}: the wrapped private key signs${encryption ? " and decrypts" : ""}; the public key verifies${encryption ? " and encrypts" : ""}`, async () => {
      const { provider } = newProvider({ cacheSize: 0 });
      const handle = await generated(provider, spec);
      expect(handle.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      const publicKey = handle.publicKey as string;
      const signature = await provider.sign(handle, signing, digest);
      expect(verifyDigest(spec, signing, publicKey, digest, signature)).toBe(true);
      const otherDigest = Uint8Array.from(digest);
      otherDigest[0] = (otherDigest[0] as number) ^ 1;
      expect(verifyDigest(spec, signing, publicKey, otherDigest, signature)).toBe(false);
      if (encryption) {
        const message = new TextEncoder().encode(`secret for ${spec}`);
        const ciphertext = asymmetricEncrypt(spec, encryption, publicKey, message);
        expect(await provider.asymmetricDecrypt(handle, encryption, ciphertext)).toEqual(message);
      }
    });
  }

  it("Precondition: asymmetric decryption and signing need an asymmetric KeySpec.", async () => {
    const { provider } = newProvider();
    const handle = await generated(provider, "Aliyun_AES_256");
    await expect(provider.sign(handle, "ECDSA_SHA_256", new Uint8Array(32))).rejects.toThrow(
      UnsupportedOperationError,
    );
    await expect(provider.asymmetricDecrypt(handle, "SM2PKE", new Uint8Array(100))).rejects.toThrow(
      UnsupportedOperationError,
    );
  });
});
