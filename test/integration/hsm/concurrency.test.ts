import { constants, createHash, publicEncrypt, randomBytes, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeyVersionHandle } from "../../../core/crypto/CryptoProvider";
import { HsmCryptoProvider } from "../../../core/hsm/HsmCryptoProvider";
import { InProcessHsmClient } from "../../../core/hsm/InProcessHsmClient";
import type { KeySpec, SigningAlgorithm } from "../../../core/keys/types";
import { hsmTestsEnabled } from "../../support/softhsm";
import { newIdentity, openSoftHsmFixture, type SoftHsmFixture } from "./softHsmFixture";

const PSS = constants.RSA_PKCS1_PSS_PADDING;

describe.skipIf(!hsmTestsEnabled("HSM concurrency against SoftHSM"))(
  "HSM under concurrent load (SoftHSM)",
  () => {
    let hsm: SoftHsmFixture;
    let client: InProcessHsmClient;
    let provider: HsmCryptoProvider;
    const keys = new Map<KeySpec, KeyVersionHandle>();

    beforeAll(async () => {
      hsm = await openSoftHsmFixture({ sessionPoolSize: 4 });
      client = InProcessHsmClient.forDriver(hsm.driver);
      provider = new HsmCryptoProvider(client);
      for (const spec of ["Aliyun_AES_256", "RSA_2048", "EC_P256", "EC_P256K"] as const) {
        const identity = newIdentity(spec);
        keys.set(spec, { ...identity, ...(await provider.generate(identity)) });
      }
    });
    afterAll(async () => {
      await hsm?.close();
    });

    /** One request of a mixed workload; resolves when its result has been checked independently. */
    async function oneRequest(i: number): Promise<string> {
      const message = `message ${i}`;
      const digest = new Uint8Array(createHash("sha256").update(message).digest());
      const sign = async (spec: KeySpec, algorithm: SigningAlgorithm, options: object = {}) => {
        const key = keys.get(spec)!;
        const signature = await provider.sign(key, algorithm, digest);
        expect(
          verify("sha256", Buffer.from(message), { key: key.publicKey!, ...options }, signature),
          `${i}`,
        ).toBe(true);
        return algorithm;
      };
      switch (i % 6) {
        case 0: {
          const key = keys.get("Aliyun_AES_256")!;
          const plaintext = randomBytes(1 + (i % 300));
          const aad = Buffer.from(message);
          const sealed = await provider.encrypt(key, plaintext, aad);
          expect(Buffer.from(await provider.decrypt(key, sealed, aad)).equals(plaintext), `${i}`).toBe(true);
          return "AES_GCM";
        }
        case 1:
          return sign("RSA_2048", "RSA_PKCS1_SHA_256");
        case 2:
          return sign("RSA_2048", "RSA_PSS_SHA_256", { padding: PSS, saltLength: 32 });
        case 3:
          return sign("EC_P256", "ECDSA_SHA_256");
        case 4:
          return sign("EC_P256K", "ECDSA_SHA_256");
        default: {
          const key = keys.get("RSA_2048")!;
          const plaintext = randomBytes(32);
          const ciphertext = publicEncrypt(
            { key: key.publicKey!, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
            plaintext,
          );
          const opened = await provider.asymmetricDecrypt(key, "RSAES_OAEP_SHA_1", ciphertext);
          expect(Buffer.from(opened).equals(plaintext), `${i}`).toBe(true);
          return "RSAES_OAEP_SHA_1";
        }
      }
    }

    it("200 concurrent mixed requests neither crash nor corrupt: every result verifies", async () => {
      const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => oneRequest(i)));
      const failures = results.filter((result) => result.status === "rejected");
      expect(failures).toEqual([]);
      const done = results.map((result) => (result as PromiseFulfilledResult<string>).value);
      expect(new Set(done)).toEqual(
        new Set(["AES_GCM", "RSA_PKCS1_SHA_256", "RSA_PSS_SHA_256", "ECDSA_SHA_256", "RSAES_OAEP_SHA_1"]),
      );
      // The driver is still healthy afterwards.
      expect((await provider.capabilities()).mechanisms).toContain("CKM_AES_GCM");
    });
  },
);
