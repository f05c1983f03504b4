/**
 * Many concurrent HSM requests through the real handlers (issue: "many concurrent HSM requests neither crash nor
 * corrupt anything"): a burst of mixed Encrypt, Decrypt, GenerateDataKey, AsymmetricSign and AsymmetricDecrypt over
 * the JSON contract and the driver's session pool, once on a cold HSM client (driver opened and capabilities probed
 * by the burst itself) and once warm. Every answer is checked, not only its status.
 */
import { constants, createHash, createPublicKey, publicEncrypt, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CryptoProvider } from "../../../core/crypto/CryptoProvider";
import type { HsmClient } from "../../../core/hsm/HsmClient";
import { HsmCryptoProvider } from "../../../core/hsm/HsmCryptoProvider";
import { InProcessHsmClient } from "../../../core/hsm/InProcessHsmClient";
import { hsmTestsEnabled } from "../../support/softhsm";
import { ACCOUNT_A } from "../../support/testbed";
import {
  b64,
  type CreatedKey,
  createHsmKey,
  type HsmTestbed,
  labelsOnToken,
  startHsmTestbed,
  useHsmProvider,
} from "./hsmTestbed";

const sha256 = (text: string) => createHash("sha256").update(text).digest();

describe.skipIf(!hsmTestsEnabled("concurrent HSM requests through the handlers"))(
  "concurrent HSM requests",
  () => {
    let hsm: HsmTestbed;
    let aes: CreatedKey;
    let ec: CreatedKey;
    let rsaSign: CreatedKey;
    let rsaDecrypt: CreatedKey;
    let ecPem: string;
    let rsaSignPem: string;
    let rsaDecryptPem: string;

    beforeAll(async () => {
      hsm = await startHsmTestbed();
      aes = await createHsmKey(hsm.bed, { KeySpec: "Aliyun_AES_256" });
      ec = await createHsmKey(hsm.bed, { KeySpec: "EC_P256", KeyUsage: "SIGN/VERIFY" });
      rsaSign = await createHsmKey(hsm.bed, { KeySpec: "RSA_2048", KeyUsage: "SIGN/VERIFY" });
      rsaDecrypt = await createHsmKey(hsm.bed, { KeySpec: "RSA_2048", KeyUsage: "ENCRYPT/DECRYPT" });
      const pem = async (key: CreatedKey) =>
        (await hsm.bed.ok("GetPublicKey", { KeyId: key.KeyId, KeyVersionId: key.versionId }))
          .PublicKey as string;
      [ecPem, rsaSignPem, rsaDecryptPem] = [await pem(ec), await pem(rsaSign), await pem(rsaDecrypt)];
    });
    afterAll(() => hsm?.stop());

    /**
     * 110 requests at once: 30 Encrypt, 25 Decrypt of blobs sealed beforehand, 10 GenerateDataKey, 20 ECDSA and 15
     * RSA-PSS signatures, 10 RSA-OAEP decryptions. Resolves to a list of failures (empty when every answer is right).
     */
    async function burst(label: string, beforeBurst: () => void = () => undefined): Promise<string[]> {
      const { ok } = hsm.bed;
      const sealed = [];
      for (let i = 0; i < 25; i++) {
        sealed.push(
          await ok("Encrypt", {
            KeyId: aes.KeyId,
            Plaintext: `${label} sealed ${i}`,
            EncryptionContext: `{"i":"${i}"}`,
          }),
        );
      }
      beforeBurst();
      const failures: string[] = [];
      const check = (what: string, good: boolean) => {
        if (!good) failures.push(what);
      };
      const tasks: Promise<void>[] = [];
      const encrypted: { text: string; blob: string }[] = [];
      for (let i = 0; i < 30; i++) {
        const text = `${label} plaintext ${i} ${"x".repeat(i * 13)}`;
        tasks.push(
          ok("Encrypt", { KeyId: aes.KeyId, Plaintext: text }).then((answer) => {
            encrypted.push({ text, blob: answer.CiphertextBlob });
          }),
        );
      }
      for (const [i, { CiphertextBlob }] of sealed.entries()) {
        tasks.push(
          ok("Decrypt", { CiphertextBlob, EncryptionContext: `{"i":"${i}"}` }).then((answer) =>
            check(`decrypt ${i}`, answer.Plaintext === `${label} sealed ${i}`),
          ),
        );
      }
      for (let i = 0; i < 10; i++) {
        tasks.push(
          ok("GenerateDataKey", { KeyId: aes.KeyId }).then(async (answer) => {
            const opened = await ok("Decrypt", { CiphertextBlob: answer.CiphertextBlob });
            check(`data key ${i}`, opened.Plaintext === answer.Plaintext);
          }),
        );
      }
      for (let i = 0; i < 35; i++) {
        const [key, pem, Algorithm] =
          i < 20 ? [ec, ecPem, "ECDSA_SHA_256"] : [rsaSign, rsaSignPem, "RSA_PSS_SHA_256"];
        const message = `${label} message ${i}`;
        tasks.push(
          ok("AsymmetricSign", {
            KeyId: key.KeyId,
            KeyVersionId: key.versionId,
            Algorithm,
            Digest: b64(sha256(message)),
          }).then((answer) => {
            const verifier =
              Algorithm === "RSA_PSS_SHA_256"
                ? { key: createPublicKey(pem), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
                : createPublicKey(pem);
            check(
              `sign ${i}`,
              verify("sha256", Buffer.from(message), verifier, Buffer.from(answer.Value, "base64")),
            );
          }),
        );
      }
      for (let i = 0; i < 10; i++) {
        const secret = Buffer.from(`${label} oaep ${i}`);
        const ciphertext = publicEncrypt(
          { key: rsaDecryptPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
          secret,
        );
        tasks.push(
          ok("AsymmetricDecrypt", {
            KeyId: rsaDecrypt.KeyId,
            KeyVersionId: rsaDecrypt.versionId,
            Algorithm: "RSAES_OAEP_SHA_1",
            CiphertextBlob: b64(ciphertext),
          }).then((answer) => check(`oaep ${i}`, Buffer.from(answer.Plaintext, "base64").equals(secret))),
        );
      }
      expect(tasks).toHaveLength(110);
      const settled = await Promise.allSettled(tasks);
      for (const [i, result] of settled.entries()) {
        if (result.status === "rejected") failures.push(`request ${i}: ${String(result.reason)}`);
      }
      // What was encrypted concurrently decrypts to what it was, under distinct nonces.
      const nonces = new Set(
        encrypted.map(({ blob }) => Buffer.from(blob, "base64").subarray(36, 48).toString("hex")),
      );
      check("distinct nonces", nonces.size === 30);
      for (const { text, blob } of encrypted) {
        const opened = await ok("Decrypt", { CiphertextBlob: blob });
        check(`re-open ${text.slice(0, 30)}`, opened.Plaintext === text);
      }
      return failures;
    }

    it("a burst of 110 mixed requests on a cold HSM client (driver and capabilities opened by the burst)", async () => {
      const client = InProcessHsmClient.forPkcs11({
        libraryPath: hsm.token.libraryPath,
        tokenLabel: hsm.token.tokenLabel,
        pin: hsm.token.pin,
      });
      const ops = new Map<string, number>();
      const counting: HsmClient = {
        send(request) {
          ops.set(request.op, (ops.get(request.op) ?? 0) + 1);
          return client.send(request);
        },
      };
      let restore: () => void = () => undefined;
      try {
        // Blobs to decrypt are sealed with the warm client; the cold one sees its first request inside the burst.
        const failures = await burst("cold", () => {
          restore = useHsmProvider(hsm.bed, new HsmCryptoProvider(counting));
        });
        expect(failures).toEqual([]);
        // The burst went through the cold client: one capabilities request shared by 45 concurrent askers.
        expect(Object.fromEntries(ops)).toMatchObject({ capabilities: 1, encrypt: 40, sign: 35 });
        expect(ops.get("decrypt")).toBe(25 + 10 + 10 + 30);
      } finally {
        restore();
        await client.close();
      }
    });

    it("a burst of 110 mixed requests on the warm client, twice in a row", async () => {
      expect(await burst("warm 1")).toEqual([]);
      expect(await burst("warm 2")).toEqual([]);
    });

    it("12 concurrent CreateKey HSM make 12 keys, each with exactly its own token objects", async () => {
      const specs = Array.from(
        { length: 12 },
        (_, i): Record<string, string> =>
          i % 2 === 0 ? { KeySpec: "Aliyun_AES_128" } : { KeySpec: "EC_P256K", KeyUsage: "SIGN/VERIFY" },
      );
      const created = await Promise.all(specs.map((params) => createHsmKey(hsm.bed, params)));
      expect(new Set(created.map((key) => key.KeyId)).size).toBe(12);
      for (const [i, key] of created.entries()) {
        const expected = i % 2 === 0 ? [key.label] : [`${key.label}:private`, `${key.label}:public`];
        expect(labelsOnToken(hsm.raw(), `kw:${ACCOUNT_A}:${key.KeyId}:`)).toEqual(expected);
      }
      const sealed = await Promise.all(
        created
          .filter((_, i) => i % 2 === 0)
          .map((key) => hsm.bed.ok("Encrypt", { KeyId: key.KeyId, Plaintext: key.KeyId })),
      );
      for (const blob of sealed) {
        expect((await hsm.bed.ok("Decrypt", { CiphertextBlob: blob.CiphertextBlob })).Plaintext).toBe(
          blob.KeyId,
        );
      }
    });

    it("CreateKeyVersion racing DisableKey leaves no orphaned HSM object: the token holds exactly the recorded versions", async () => {
      const { KeyId } = await createHsmKey(hsm.bed, { KeySpec: "Aliyun_AES_256" });
      const racers = [
        ...Array.from({ length: 6 }, () => hsm.bed.call("CreateKeyVersion", { KeyId })),
        hsm.bed.call("DisableKey", { KeyId }),
        ...Array.from({ length: 6 }, () => hsm.bed.call("CreateKeyVersion", { KeyId })),
      ];
      const answers = await Promise.all(racers);
      for (const answer of answers) expect([200, 409]).toContain(answer.status);
      const refused = answers.filter((answer) => answer.status === 409);
      for (const answer of refused) expect(answer.body.Code).toBe("Rejected.Disabled");
      const record = await hsm.bed.deps.keys.get(ACCOUNT_A, KeyId);
      const recorded = (record?.versions ?? [])
        .map((v) => (v.material.kind === "hsm" ? v.material.label : ""))
        .sort();
      expect(recorded).toHaveLength(1 + answers.filter((a) => a.status === 200).length - 1);
      expect(labelsOnToken(hsm.raw(), `kw:${ACCOUNT_A}:${KeyId}:`)).toEqual(recorded);
    });

    it("a key disabled while the HSM generates its new version: CreateKeyVersion is refused and the new object destroyed", async () => {
      const { KeyId, label } = await createHsmKey(hsm.bed, { KeySpec: "EC_P256", KeyUsage: "SIGN/VERIFY" });
      let disabled: () => void = () => undefined;
      const disabledNow = new Promise<void>((resolve) => {
        disabled = resolve;
      });
      let generatedLabel = "";
      const gated: CryptoProvider = Object.create(hsm.provider, {
        generate: {
          value: async (...args: Parameters<CryptoProvider["generate"]>) => {
            const generated = await hsm.provider.generate(...args);
            generatedLabel = generated.material.kind === "hsm" ? generated.material.label : "";
            await disabledNow;
            return generated;
          },
        },
      });
      const restore = useHsmProvider(hsm.bed, gated);
      try {
        const creating = hsm.bed.call("CreateKeyVersion", { KeyId });
        await expect.poll(() => generatedLabel).not.toBe("");
        expect(labelsOnToken(hsm.raw(), `${generatedLabel}:`)).toHaveLength(2);
        await hsm.bed.ok("DisableKey", { KeyId });
        disabled();
        expect((await creating).body.Code).toBe("Rejected.Disabled");
      } finally {
        restore();
      }
      expect(labelsOnToken(hsm.raw(), `kw:${ACCOUNT_A}:${KeyId}:`)).toEqual([
        `${label}:private`,
        `${label}:public`,
      ]);
    });

    it("after the bursts every key still works and the HSM still refuses what it must", async () => {
      const sealed = await hsm.bed.ok("Encrypt", {
        KeyId: aes.KeyId,
        Plaintext: "after",
        EncryptionContext: '{"a":"b"}',
      });
      const wrong = await hsm.bed.call("Decrypt", {
        CiphertextBlob: sealed.CiphertextBlob,
        EncryptionContext: '{"a":"c"}',
      });
      expect(wrong.body.Code).toBe("InvalidCiphertext");
      const right = await hsm.bed.ok("Decrypt", {
        CiphertextBlob: sealed.CiphertextBlob,
        EncryptionContext: '{"a":"b"}',
      });
      expect(right.Plaintext).toBe("after");
    });
  },
);
