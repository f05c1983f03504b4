import { constants, createHash, publicEncrypt, randomBytes, verify } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeyVersionHandle } from "../../../core/crypto/CryptoProvider";
import {
  InvalidCiphertextError,
  InvalidParameterError,
  RejectedUnsupportedOperationError,
} from "../../../core/errors";
import type { HsmRequest, HsmResultOf } from "../../../core/hsm/contract";
import type { HsmClient } from "../../../core/hsm/HsmClient";
import { HsmCryptoProvider } from "../../../core/hsm/HsmCryptoProvider";
import { InProcessHsmClient } from "../../../core/hsm/InProcessHsmClient";
import { KEY_SPEC_REGISTRY } from "../../../core/keys/keySpecs";
import { KEY_SPECS, type KeySpec } from "../../../core/keys/types";
import { hsmTestsEnabled } from "../../support/softhsm";
import { newIdentity, openSoftHsmFixture, type SoftHsmFixture } from "./softHsmFixture";

/** Counts the requests of each op on their way to the real client. */
class CountingClient implements HsmClient {
  readonly counts = new Map<string, number>();
  constructor(private readonly inner: HsmClient) {}
  send<R extends HsmRequest>(request: R): Promise<HsmResultOf<R>> {
    this.counts.set(request.op, (this.counts.get(request.op) ?? 0) + 1);
    return this.inner.send(request);
  }
}

describe.skipIf(!hsmTestsEnabled("HsmCryptoProvider against SoftHSM"))(
  "HsmCryptoProvider (in-process, SoftHSM)",
  () => {
    let hsm: SoftHsmFixture;
    let client: CountingClient;
    let provider: HsmCryptoProvider;

    async function newKey(keySpec: KeySpec): Promise<KeyVersionHandle> {
      const identity = newIdentity(keySpec);
      const generated = await provider.generate(identity);
      return { ...identity, ...generated };
    }

    beforeAll(async () => {
      hsm = await openSoftHsmFixture();
      client = new CountingClient(InProcessHsmClient.forDriver(hsm.driver));
      provider = new HsmCryptoProvider(client);
    });
    afterAll(async () => {
      await hsm?.close();
    });

    it("accepts what SoftHSM can hold and refuses Aliyun_SM4 and EC_SM2 naming the missing mechanism", async () => {
      for (const spec of KEY_SPECS) {
        for (const usage of KEY_SPEC_REGISTRY[spec].usages) {
          const check = provider.assertCanCreate(spec, usage);
          if (spec === "Aliyun_SM4" || spec === "EC_SM2") {
            await expect(check, `${spec} ${usage}`).rejects.toBeInstanceOf(RejectedUnsupportedOperationError);
            await expect(check).rejects.toThrow(spec === "Aliyun_SM4" ? /SM4 mechanism/ : /SM2 mechanism/);
          } else {
            await expect(check, `${spec} ${usage}`).resolves.toBeUndefined();
          }
        }
      }
      expect(client.counts.get("capabilities")).toBe(1);
    });

    it("Precondition: the usage is one the KeySpec allows", async () => {
      await expect(provider.assertCanCreate("EC_P256", "ENCRYPT/DECRYPT")).rejects.toBeInstanceOf(
        InvalidParameterError,
      );
    });

    it("generates HSM material: a label in the record, never bytes", async () => {
      const key = await newKey("Aliyun_AES_256");
      expect(key.material).toEqual({
        kind: "hsm",
        label: `kw:${key.accountId}:${key.keyId}:${key.versionId}`,
      });
      expect(key.publicKey).toBeUndefined();
      const pair = await newKey("EC_P256");
      expect(pair.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    });

    it("symmetric encryption round-trips through the contract for any plaintext and associated data", async () => {
      const key = await newKey("Aliyun_AES_128");
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 600 }),
          fc.uint8Array({ maxLength: 100 }),
          async (plaintext, aad) => {
            const sealed = await provider.encrypt(key, plaintext, aad);
            expect(sealed.nonce).toHaveLength(12);
            expect(sealed.tag).toHaveLength(16);
            expect(await provider.decrypt(key, sealed, aad)).toEqual(plaintext);
          },
        ),
        { numRuns: 40 },
      );
    });

    it("a tampered sealed message is InvalidCiphertextError after the trip through the contract", async () => {
      const key = await newKey("Aliyun_AES_256");
      const sealed = await provider.encrypt(key, new Uint8Array([1, 2, 3]), new Uint8Array(0));
      const tag = sealed.tag.slice();
      tag[5] = (tag[5] ?? 0) ^ 0x80;
      await expect(provider.decrypt(key, { ...sealed, tag }, new Uint8Array(0))).rejects.toBeInstanceOf(
        InvalidCiphertextError,
      );
    });

    it("Precondition: a sealed message has a 12-byte nonce and a 16-byte tag", async () => {
      const key = await newKey("Aliyun_AES_256");
      const sealed = await provider.encrypt(key, new Uint8Array([1]), new Uint8Array(0));
      const before = client.counts.get("decrypt") ?? 0;
      await expect(
        provider.decrypt(key, { ...sealed, nonce: new Uint8Array(16) }, new Uint8Array(0)),
      ).rejects.toBeInstanceOf(InvalidCiphertextError);
      expect(client.counts.get("decrypt") ?? 0).toBe(before);
    });

    it("Precondition: the HSM encrypts with AES keys only (AES-GCM)", async () => {
      const key = await newKey("EC_P256");
      await expect(provider.encrypt(key, new Uint8Array([1]), new Uint8Array(0))).rejects.toBeInstanceOf(
        RejectedUnsupportedOperationError,
      );
    });

    it("signs digests the software path's verifiers accept, and decrypts OAEP-SHA1", async () => {
      const rsa = await newKey("RSA_2048");
      const digest = new Uint8Array(createHash("sha256").update("provider").digest());
      const signature = await provider.sign(rsa, "RSA_PKCS1_SHA_256", digest);
      expect(verify("sha256", Buffer.from("provider"), rsa.publicKey!, signature)).toBe(true);
      const plaintext = randomBytes(32);
      const ciphertext = publicEncrypt(
        { key: rsa.publicKey!, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
        plaintext,
      );
      expect(
        Buffer.from(await provider.asymmetricDecrypt(rsa, "RSAES_OAEP_SHA_1", ciphertext)).equals(plaintext),
      ).toBe(true);
    });

    it("Precondition: the HSM has the mechanism of the decryption algorithm", async () => {
      const rsa = await newKey("RSA_2048");
      const before = client.counts.get("decrypt") ?? 0;
      const attempt = provider.asymmetricDecrypt(rsa, "RSAES_OAEP_SHA_256", randomBytes(256));
      await expect(attempt).rejects.toBeInstanceOf(RejectedUnsupportedOperationError);
      await expect(attempt).rejects.toThrow(/CKM_RSA_PKCS_OAEP with SHA-256/);
      expect(client.counts.get("decrypt") ?? 0).toBe(before);
    });

    it("Precondition: the digest has the algorithm's length", async () => {
      const ec = await newKey("EC_P256K");
      await expect(provider.sign(ec, "ECDSA_SHA_256", new Uint8Array(20))).rejects.toBeInstanceOf(
        InvalidParameterError,
      );
      await expect(provider.sign(ec, "RSA_PSS_SHA_256", new Uint8Array(32))).rejects.toBeInstanceOf(
        InvalidParameterError,
      );
    });

    it("Precondition: an HSM key version's material is an HSM label", async () => {
      const key = await newKey("Aliyun_AES_256");
      const software: KeyVersionHandle = {
        ...key,
        material: { kind: "software", rootKeyId: "r", wrapped: new Uint8Array(60) },
      };
      await expect(provider.encrypt(software, new Uint8Array(1), new Uint8Array(0))).rejects.toThrow(
        /Internal Failure/,
      );
    });

    it("destroys the material: afterwards the key cannot be used", async () => {
      const key = await newKey("EC_P256");
      await provider.destroy(key);
      await expect(provider.sign(key, "ECDSA_SHA_256", new Uint8Array(32))).rejects.toThrow(
        /Internal Failure/,
      );
    });
  },
);
