/**
 * Parity of HSM and SOFTWARE keys through the real handlers (issue: "every operation gives results a user cannot
 * tell from SOFTWARE"): the same ciphertext blob layout (DESIGN section 4), the same answers to bad input, data keys,
 * ReEncrypt across protection levels, signatures that verify with node:crypto from GetPublicKey, RSA-OAEP-SHA1 both
 * ways.
 */
import {
  constants,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  verify,
} from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hsmTestsEnabled } from "../../support/softhsm";
import { ACCOUNT_B, type Answer } from "../../support/testbed";
import { b64, type CreatedKey, createHsmKey, type HsmTestbed, startHsmTestbed } from "./hsmTestbed";

const sha256 = (text: string) => createHash("sha256").update(text).digest();
const uuidBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ""), "hex");
const code = (answer: Answer) => `${answer.status} ${answer.body.Code ?? "OK"}`;

describe.skipIf(!hsmTestsEnabled("HSM/SOFTWARE parity through the handlers"))(
  "HSM keys are indistinguishable from SOFTWARE keys",
  () => {
    let hsm: HsmTestbed;
    let call: HsmTestbed["bed"]["call"];
    let ok: HsmTestbed["bed"]["ok"];
    const keys: Record<string, CreatedKey> = {};

    beforeAll(async () => {
      hsm = await startHsmTestbed();
      call = hsm.bed.call;
      ok = hsm.bed.ok;
      for (const spec of ["Aliyun_AES_128", "Aliyun_AES_192", "Aliyun_AES_256"]) {
        keys[spec] = await createHsmKey(hsm.bed, { KeySpec: spec });
        keys[`SOFTWARE ${spec}`] = await createHsmKey(hsm.bed, {
          KeySpec: spec,
          ProtectionLevel: "SOFTWARE",
        });
      }
      keys["SOFTWARE Aliyun_SM4"] = await createHsmKey(hsm.bed, {
        KeySpec: "Aliyun_SM4",
        ProtectionLevel: "SOFTWARE",
      });
      for (const spec of ["RSA_2048", "RSA_3072", "EC_P256", "EC_P256K"]) {
        keys[`${spec} SIGN`] = await createHsmKey(hsm.bed, { KeySpec: spec, KeyUsage: "SIGN/VERIFY" });
      }
      keys["RSA_2048 ENCRYPT"] = await createHsmKey(hsm.bed, {
        KeySpec: "RSA_2048",
        KeyUsage: "ENCRYPT/DECRYPT",
      });
      keys["SOFTWARE RSA_2048 ENCRYPT"] = await createHsmKey(hsm.bed, {
        KeySpec: "RSA_2048",
        KeyUsage: "ENCRYPT/DECRYPT",
        ProtectionLevel: "SOFTWARE",
      });
    });
    afterAll(() => hsm?.stop());
    const id = (name: string) => (keys[name] as CreatedKey).KeyId;

    describe("symmetric", () => {
      it.each(["Aliyun_AES_128", "Aliyun_AES_192", "Aliyun_AES_256"])(
        "%s: Encrypt writes the v1 blob byte for byte as SOFTWARE does, and Decrypt opens it with its context",
        async (spec) => {
          const plaintext = "hello, 世界";
          const EncryptionContext = JSON.stringify({ purpose: "test", tenant: "東京" });
          const sealed = await ok("Encrypt", { KeyId: id(spec), Plaintext: plaintext, EncryptionContext });
          const software = await ok("Encrypt", {
            KeyId: id(`SOFTWARE ${spec}`),
            Plaintext: plaintext,
            EncryptionContext,
          });
          const blob = Buffer.from(sealed.CiphertextBlob, "base64");
          const softwareBlob = Buffer.from(software.CiphertextBlob, "base64");
          expect(blob).toHaveLength(48 + Buffer.byteLength(plaintext) + 16);
          expect(blob).toHaveLength(softwareBlob.length);
          expect(blob.subarray(0, 4)).toEqual(Buffer.from([0x4b, 0x57, 1, 1]));
          expect(softwareBlob.subarray(0, 4)).toEqual(blob.subarray(0, 4));
          expect(blob.subarray(4, 20)).toEqual(uuidBytes(id(spec)));
          expect(blob.subarray(20, 36)).toEqual(uuidBytes(sealed.KeyVersionId));
          expect(sealed.KeyVersionId).toBe((keys[spec] as CreatedKey).versionId);
          expect(Object.keys(sealed).sort()).toEqual(Object.keys(software).sort());

          const opened = await ok("Decrypt", { CiphertextBlob: sealed.CiphertextBlob, EncryptionContext });
          expect(opened).toMatchObject({
            Plaintext: plaintext,
            KeyId: id(spec),
            KeyVersionId: sealed.KeyVersionId,
          });
        },
      );

      it("every encryption gets a fresh 12-byte nonce", async () => {
        const nonces = new Set<string>();
        for (let i = 0; i < 20; i++) {
          const sealed = await ok("Encrypt", { KeyId: id("Aliyun_AES_256"), Plaintext: "same" });
          nonces.add(Buffer.from(sealed.CiphertextBlob, "base64").subarray(36, 48).toString("hex"));
        }
        expect(nonces.size).toBe(20);
      });

      it("bad contexts, tampered and truncated blobs, other accounts: the same answers as SOFTWARE", async () => {
        const answers = async (KeyId: string) => {
          const sealed = await ok("Encrypt", { KeyId, Plaintext: "secret", EncryptionContext: '{"a":"b"}' });
          const blob = Buffer.from(sealed.CiphertextBlob, "base64");
          const results: string[] = [];
          for (const context of [undefined, '{"a":"c"}', '{"a":"b","x":"y"}', '{"A":"b"}']) {
            const params = {
              CiphertextBlob: sealed.CiphertextBlob,
              ...(context ? { EncryptionContext: context } : {}),
            };
            results.push(code(await call("Decrypt", params)));
          }
          for (const index of [2, 3, 30, 40, 50, blob.length - 1]) {
            const tampered = Buffer.from(blob);
            tampered[index] = (tampered[index] ?? 0) ^ 1;
            results.push(
              code(await call("Decrypt", { CiphertextBlob: b64(tampered), EncryptionContext: '{"a":"b"}' })),
            );
          }
          results.push(code(await call("Decrypt", { CiphertextBlob: b64(blob.subarray(0, 60)) })));
          results.push(
            code(
              await call(
                "Decrypt",
                { CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: '{"a":"b"}' },
                { account: ACCOUNT_B },
              ),
            ),
          );
          results.push(
            code(
              await call("Decrypt", { CiphertextBlob: sealed.CiphertextBlob, "EncryptionContext.a": "b" }),
            ),
          );
          return results;
        };
        const fromHsm = await answers(id("Aliyun_AES_256"));
        expect(fromHsm).toEqual(await answers(id("SOFTWARE Aliyun_AES_256")));
        expect(fromHsm.slice(0, 4)).toEqual(Array(4).fill("400 InvalidCiphertext"));
        expect(fromHsm.at(-3)).toBe("400 InvalidCiphertext");
        expect(fromHsm.at(-2)).toBe("404 Forbidden.KeyNotFound");
        expect(fromHsm.at(-1)).toBe("200 OK");
      });

      it("round-trips arbitrary plaintexts and contexts (fast-check)", async () => {
        const KeyId = id("Aliyun_AES_128");
        await fc.assert(
          fc.asyncProperty(
            fc.string({ unit: "grapheme", minLength: 1, maxLength: 300 }),
            fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 10 }), {
              maxKeys: 4,
            }),
            async (plaintext, context) => {
              const EncryptionContext = JSON.stringify(context);
              const sealed = await ok("Encrypt", { KeyId, Plaintext: plaintext, EncryptionContext });
              const opened = await ok("Decrypt", {
                CiphertextBlob: sealed.CiphertextBlob,
                EncryptionContext,
              });
              return opened.Plaintext === plaintext;
            },
          ),
          { numRuns: 25 },
        );
      });

      it("GenerateDataKey, GenerateDataKeyWithoutPlaintext and ExportDataKey's blob work as with SOFTWARE", async () => {
        const KeyId = id("Aliyun_AES_192");
        const dataKey = await ok("GenerateDataKey", { KeyId, EncryptionContext: '{"k":"v"}' });
        expect(Buffer.from(dataKey.Plaintext, "base64")).toHaveLength(32);
        expect(Buffer.from(dataKey.CiphertextBlob, "base64")).toHaveLength(48 + 44 + 16);
        const opened = await ok("Decrypt", {
          CiphertextBlob: dataKey.CiphertextBlob,
          EncryptionContext: '{"k":"v"}',
        });
        expect(opened.Plaintext).toBe(dataKey.Plaintext);
        const short = await ok("GenerateDataKey", { KeyId, NumberOfBytes: "7" });
        expect(Buffer.from(short.Plaintext, "base64")).toHaveLength(7);
        const quiet = await ok("GenerateDataKeyWithoutPlaintext", { KeyId, KeySpec: "AES_128" });
        expect(quiet).not.toHaveProperty("Plaintext");
        const quietKey = (await ok("Decrypt", { CiphertextBlob: quiet.CiphertextBlob })).Plaintext;
        expect(Buffer.from(quietKey, "base64")).toHaveLength(16);
        const caller = generateKeyPairSync("rsa", { modulusLength: 2048 });
        const exported = await ok("ExportDataKey", {
          CiphertextBlob: dataKey.CiphertextBlob,
          EncryptionContext: '{"k":"v"}',
          PublicKeyBlob: b64(caller.publicKey.export({ type: "spki", format: "der" })),
          WrappingKeySpec: "RSA_2048",
          WrappingAlgorithm: "RSAES_OAEP_SHA_256",
        });
        const unwrapped = privateDecrypt(
          { key: caller.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
          Buffer.from(exported.ExportedDataKey, "base64"),
        );
        expect(unwrapped.toString("base64")).toBe(dataKey.Plaintext);
      });

      it("size limits, DryRun, exported data keys and key states: the same answers as SOFTWARE", async () => {
        const caller = generateKeyPairSync("rsa", { modulusLength: 2048 });
        const PublicKeyBlob = b64(caller.publicKey.export({ type: "spki", format: "der" }));
        const answers = async (ProtectionLevel: string) => {
          const { KeyId } = await createHsmKey(hsm.bed, { ProtectionLevel });
          const results: string[] = [];
          const big = await call("Encrypt", { KeyId, Plaintext: "a".repeat(6144) });
          results.push(code(big), code(await call("Encrypt", { KeyId, Plaintext: "a".repeat(6145) })));
          const bigOpened = await ok("Decrypt", { CiphertextBlob: big.body.CiphertextBlob });
          results.push(`${bigOpened.Plaintext.length}`);
          results.push(code(await call("Encrypt", { KeyId, Plaintext: "x", DryRun: "true" })));
          results.push(
            code(await call("Decrypt", { CiphertextBlob: big.body.CiphertextBlob, DryRun: "true" })),
          );
          const largest = await ok("GenerateDataKey", { KeyId, NumberOfBytes: "1024" });
          const largestBack = await ok("Decrypt", { CiphertextBlob: largest.CiphertextBlob });
          results.push(
            `${largestBack.Plaintext === largest.Plaintext} ${Buffer.from(largest.Plaintext, "base64").length}`,
          );
          const both = await ok("GenerateAndExportDataKey", {
            KeyId,
            PublicKeyBlob,
            WrappingKeySpec: "RSA_2048",
            WrappingAlgorithm: "RSAES_OAEP_SHA_1",
          });
          const unwrapped = privateDecrypt(
            { key: caller.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
            Buffer.from(both.ExportedDataKey, "base64"),
          ).toString("base64");
          results.push(
            `${(await ok("Decrypt", { CiphertextBlob: both.CiphertextBlob })).Plaintext === unwrapped}`,
          );
          await ok("DisableKey", { KeyId });
          results.push(code(await call("Encrypt", { KeyId, Plaintext: "x" })));
          results.push(code(await call("Decrypt", { CiphertextBlob: big.body.CiphertextBlob })));
          await ok("EnableKey", { KeyId });
          results.push(code(await call("Decrypt", { CiphertextBlob: big.body.CiphertextBlob })));
          return results;
        };
        const fromHsm = await answers("HSM");
        expect(fromHsm).toEqual(await answers("SOFTWARE"));
        expect(fromHsm).toEqual([
          "200 OK",
          "400 InvalidParameter",
          "6144",
          "412 DryRunOperation",
          "412 DryRunOperation",
          "true 1024",
          "true",
          "409 Rejected.Disabled",
          "409 Rejected.Disabled",
          "200 OK",
        ]);
      });

      it("ReEncrypt moves ciphertexts HSM → SOFTWARE, SOFTWARE → HSM and SM4 → HSM, keeping the plaintext", async () => {
        const routes: [string, string][] = [
          ["Aliyun_AES_256", "SOFTWARE Aliyun_AES_128"],
          ["SOFTWARE Aliyun_AES_256", "Aliyun_AES_192"],
          ["SOFTWARE Aliyun_SM4", "Aliyun_AES_128"],
          ["Aliyun_AES_128", "Aliyun_AES_256"],
        ];
        for (const [from, to] of routes) {
          const sealed = await ok("Encrypt", {
            KeyId: id(from),
            Plaintext: `${from} → ${to}`,
            EncryptionContext: '{"a":"1"}',
          });
          const moved = await ok("ReEncrypt", {
            CiphertextBlob: sealed.CiphertextBlob,
            SourceEncryptionContext: '{"a":"1"}',
            DestinationKeyId: id(to),
            DestinationEncryptionContext: '{"b":"2"}',
          });
          expect(moved.KeyId).toBe(id(to));
          expect(Buffer.from(moved.CiphertextBlob, "base64").subarray(4, 20)).toEqual(uuidBytes(id(to)));
          const opened = await ok("Decrypt", {
            CiphertextBlob: moved.CiphertextBlob,
            EncryptionContext: '{"b":"2"}',
          });
          expect(opened.Plaintext).toBe(`${from} → ${to}`);
          const wrongSource = await call("ReEncrypt", {
            CiphertextBlob: sealed.CiphertextBlob,
            SourceEncryptionContext: '{"a":"2"}',
            DestinationKeyId: id(to),
          });
          expect(wrongSource.body.Code).toBe("InvalidCiphertext");
        }
      });
    });

    describe("asymmetric", () => {
      it("GetPublicKey answers a canonical SPKI PEM, as SOFTWARE does", async () => {
        for (const name of [
          "RSA_2048 ENCRYPT",
          "SOFTWARE RSA_2048 ENCRYPT",
          "EC_P256 SIGN",
          "EC_P256K SIGN",
          "RSA_3072 SIGN",
        ]) {
          const { KeyId, versionId } = keys[name] as CreatedKey;
          const { PublicKey } = await ok("GetPublicKey", { KeyId, KeyVersionId: versionId });
          expect(PublicKey, name).toBe(createPublicKey(PublicKey).export({ type: "spki", format: "pem" }));
        }
        const [hsmPem, softwarePem] = await Promise.all(
          ["RSA_2048 ENCRYPT", "SOFTWARE RSA_2048 ENCRYPT"].map(async (name) => {
            const { KeyId, versionId } = keys[name] as CreatedKey;
            return (await ok("GetPublicKey", { KeyId, KeyVersionId: versionId })).PublicKey as string;
          }),
        );
        expect(hsmPem).toHaveLength((softwarePem as string).length);
      });

      it.each([
        ["RSA_2048", "RSA_PSS_SHA_256"],
        ["RSA_2048", "RSA_PKCS1_SHA_256"],
        ["RSA_3072", "RSA_PSS_SHA_256"],
        ["RSA_3072", "RSA_PKCS1_SHA_256"],
        ["EC_P256", "ECDSA_SHA_256"],
        ["EC_P256K", "ECDSA_SHA_256"],
      ])(
        "%s %s: AsymmetricSign output verifies with node:crypto and with AsymmetricVerify",
        async (spec, algorithm) => {
          const { KeyId, versionId } = keys[`${spec} SIGN`] as CreatedKey;
          const { PublicKey } = await ok("GetPublicKey", { KeyId, KeyVersionId: versionId });
          const message = "the message a user signs";
          const signed = await ok("AsymmetricSign", {
            KeyId,
            KeyVersionId: versionId,
            Algorithm: algorithm,
            Digest: b64(sha256(message)),
          });
          expect(signed).toMatchObject({ KeyId, KeyVersionId: versionId });
          const signature = Buffer.from(signed.Value, "base64");
          if (spec.startsWith("RSA")) expect(signature).toHaveLength(spec === "RSA_2048" ? 256 : 384);
          else expect(signature[0]).toBe(0x30);
          const key =
            algorithm === "RSA_PSS_SHA_256"
              ? { key: createPublicKey(PublicKey), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
              : createPublicKey(PublicKey);
          expect(verify("sha256", Buffer.from(message), key, signature)).toBe(true);
          expect(verify("sha256", Buffer.from(`${message}!`), key, signature)).toBe(false);
          const params = { KeyId, KeyVersionId: versionId, Algorithm: algorithm };
          expect(
            (await ok("AsymmetricVerify", { ...params, Digest: b64(sha256(message)), Value: signed.Value }))
              .Value,
          ).toBe(true);
          expect(
            (await ok("AsymmetricVerify", { ...params, Digest: b64(sha256("other")), Value: signed.Value }))
              .Value,
          ).toBe(false);
          expect((await call("AsymmetricSign", { ...params, Digest: b64(Buffer.alloc(20)) })).body.Code).toBe(
            "InvalidParameter",
          );
        },
      );

      it("EC_P256K signatures are low-S, as the software path makes them", async () => {
        const { KeyId, versionId } = keys["EC_P256K SIGN"] as CreatedKey;
        for (let i = 0; i < 24; i++) {
          const signed = await ok("AsymmetricSign", {
            KeyId,
            KeyVersionId: versionId,
            Algorithm: "ECDSA_SHA_256",
            Digest: b64(sha256(`message ${i}`)),
          });
          const signature = secp256k1.Signature.fromBytes(Buffer.from(signed.Value, "base64"), "der");
          expect(signature.hasHighS(), `signature ${i}`).toBe(false);
        }
      });

      it("RSA_2048 RSAES_OAEP_SHA_1: offline encryption opens with AsymmetricDecrypt, AsymmetricEncrypt opens in the HSM", async () => {
        const { KeyId, versionId } = keys["RSA_2048 ENCRYPT"] as CreatedKey;
        const params = { KeyId, KeyVersionId: versionId, Algorithm: "RSAES_OAEP_SHA_1" };
        const { PublicKey } = await ok("GetPublicKey", { KeyId, KeyVersionId: versionId });
        const offline = publicEncrypt(
          { key: PublicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
          Buffer.from("offline"),
        );
        const opened = await ok("AsymmetricDecrypt", { ...params, CiphertextBlob: b64(offline) });
        expect(opened).toMatchObject({ KeyId, KeyVersionId: versionId });
        expect(Buffer.from(opened.Plaintext, "base64").toString()).toBe("offline");
        const online = await ok("AsymmetricEncrypt", { ...params, Plaintext: b64("online") });
        expect(Buffer.from(online.CiphertextBlob, "base64")).toHaveLength(256);
        const back = await ok("AsymmetricDecrypt", { ...params, CiphertextBlob: online.CiphertextBlob });
        expect(Buffer.from(back.Plaintext, "base64").toString()).toBe("online");
        const longest = await ok("AsymmetricEncrypt", { ...params, Plaintext: b64(Buffer.alloc(214, 7)) });
        const longestBack = await ok("AsymmetricDecrypt", {
          ...params,
          CiphertextBlob: longest.CiphertextBlob,
        });
        expect(Buffer.from(longestBack.Plaintext, "base64")).toEqual(Buffer.alloc(214, 7));
        expect(
          (await call("AsymmetricEncrypt", { ...params, Plaintext: b64(Buffer.alloc(215)) })).body.Code,
        ).toBe("InvalidParameter");

        const moved = await ok("ReEncrypt", {
          CiphertextBlob: b64(offline),
          SourceKeyId: KeyId,
          SourceKeyVersionId: versionId,
          SourceEncryptionAlgorithm: "RSAES_OAEP_SHA_1",
          DestinationKeyId: id("Aliyun_AES_256"),
        });
        expect((await ok("Decrypt", { CiphertextBlob: moved.CiphertextBlob })).Plaintext).toBe("offline");
      });

      it("a corrupted or wrong-size OAEP ciphertext gets the same answer as from a SOFTWARE key", async () => {
        const answers = async (name: string) => {
          const { KeyId, versionId } = keys[name] as CreatedKey;
          const params = { KeyId, KeyVersionId: versionId, Algorithm: "RSAES_OAEP_SHA_1" };
          const sealed = Buffer.from(
            (await ok("AsymmetricEncrypt", { ...params, Plaintext: b64("x") })).CiphertextBlob,
            "base64",
          );
          const corrupted = Buffer.from(sealed);
          corrupted[100] = (corrupted[100] ?? 0) ^ 1;
          return [
            code(await call("AsymmetricDecrypt", { ...params, CiphertextBlob: b64(corrupted) })),
            code(await call("AsymmetricDecrypt", { ...params, CiphertextBlob: b64(sealed.subarray(1)) })),
            code(
              await call("AsymmetricDecrypt", { ...params, CiphertextBlob: b64(Buffer.alloc(256, 0xff)) }),
            ),
          ];
        };
        const fromHsm = await answers("RSA_2048 ENCRYPT");
        expect(fromHsm).toEqual(await answers("SOFTWARE RSA_2048 ENCRYPT"));
        expect(fromHsm[0]).toBe("400 InvalidCiphertext");
      });

      it("DescribeKey and ListKeyVersions answer the same fields for HSM and SOFTWARE keys", async () => {
        const shape = async (name: string) => {
          const KeyId = id(name);
          const described = (await ok("DescribeKey", { KeyId })).KeyMetadata;
          const versions = (await ok("ListKeyVersions", { KeyId })).KeyVersions.KeyVersion;
          return [Object.keys(described).sort(), Object.keys(versions[0]).sort()];
        };
        expect(await shape("RSA_2048 ENCRYPT")).toEqual(await shape("SOFTWARE RSA_2048 ENCRYPT"));
        expect(await shape("Aliyun_AES_256")).toEqual(await shape("SOFTWARE Aliyun_AES_256"));
      });
    });
  },
);
