import {
  constants,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  verify,
} from "node:crypto";
import fc from "fast-check";
import smCrypto from "sm-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, sm2SigningDigest } from "../../../core/crypto/asymmetric";
import { readEcPublicKey } from "../../../core/crypto/asymmetric/ecPublicKey";
import { InternalFailureError } from "../../../core/errors";
import { ACCOUNT_B, startTestbed, type Testbed } from "../../support/testbed";
import { OpensslWorkspace, privateKeyPem } from "../../unit/crypto/asymmetric/support";

let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed();
});
afterAll(() => bed.stop());

const b64 = (bytes: Uint8Array | Buffer | string) => Buffer.from(bytes).toString("base64");
const sha256 = (text: string) => createHash("sha256").update(text).digest();

async function createKey(params: Record<string, string>): Promise<{ KeyId: string; versionId: string }> {
  const meta = (await bed.ok("CreateKey", params)).KeyMetadata;
  const versions = await bed.ok("ListKeyVersions", { KeyId: meta.KeyId });
  return { KeyId: meta.KeyId, versionId: versions.KeyVersions.KeyVersion[0].KeyVersionId };
}

describe("symmetric keys", () => {
  const specs = ["Aliyun_AES_256", "Aliyun_AES_128", "Aliyun_AES_192", "Aliyun_SM4"];
  const keys: Record<string, string> = {};
  beforeAll(async () => {
    for (const spec of specs) keys[spec] = (await createKey({ KeySpec: spec })).KeyId;
  });

  it.each(specs)("Encrypt and Decrypt round trip with a context (%s)", async (spec) => {
    const context = JSON.stringify({ purpose: "test", tenant: "東京" });
    const sealed = await bed.ok("Encrypt", {
      KeyId: keys[spec] as string,
      Plaintext: "hello, 世界",
      EncryptionContext: context,
    });
    expect(sealed.KeyId).toBe(keys[spec]);
    const blob = Buffer.from(sealed.CiphertextBlob, "base64");
    expect(blob.subarray(0, 3)).toEqual(Buffer.from([0x4b, 0x57, 1]));
    expect(blob[3]).toBe(spec === "Aliyun_SM4" ? 2 : 1);
    const opened = await bed.ok("Decrypt", {
      CiphertextBlob: sealed.CiphertextBlob,
      EncryptionContext: context,
    });
    expect(opened).toMatchObject({
      Plaintext: "hello, 世界",
      KeyId: keys[spec],
      KeyVersionId: sealed.KeyVersionId,
    });
  });

  it("binds the context: a wrong, missing or extra context is InvalidCiphertext", async () => {
    const KeyId = keys.Aliyun_AES_256 as string;
    const sealed = await bed.ok("Encrypt", { KeyId, Plaintext: "secret", EncryptionContext: '{"a":"b"}' });
    for (const context of [undefined, '{"a":"c"}', '{"a":"b","x":"y"}', '{"A":"b"}']) {
      const answer = await bed.call("Decrypt", {
        CiphertextBlob: sealed.CiphertextBlob,
        ...(context ? { EncryptionContext: context } : {}),
      });
      expect(answer.status).toBe(400);
      expect(answer.body.Code).toBe("InvalidCiphertext");
    }
    // Flattened form, as SDK 1.x sends it, is the same context.
    const flat = await bed.ok("Decrypt", {
      CiphertextBlob: sealed.CiphertextBlob,
      "EncryptionContext.a": "b",
    });
    expect(flat.Plaintext).toBe("secret");
  });

  it("detects a tampered blob and refuses a blob of another account", async () => {
    const sealed = await bed.ok("Encrypt", { KeyId: keys.Aliyun_SM4 as string, Plaintext: "x" });
    const blob = Buffer.from(sealed.CiphertextBlob, "base64");
    for (const index of [2, 3, 40, 50, blob.length - 1]) {
      const tampered = Buffer.from(blob);
      tampered[index] = (tampered[index] ?? 0) ^ 1;
      const answer = await bed.call("Decrypt", { CiphertextBlob: b64(tampered) });
      expect(answer.body.Code, `byte ${index}`).toBe("InvalidCiphertext");
    }
    const truncated = await bed.call("Decrypt", { CiphertextBlob: b64(blob.subarray(0, 40)) });
    expect(truncated.body.Code).toBe("InvalidCiphertext");
    const foreign = await bed.call(
      "Decrypt",
      { CiphertextBlob: sealed.CiphertextBlob },
      { account: ACCOUNT_B },
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.Code).toBe("Forbidden.KeyNotFound");
  });

  it("refuses a disabled or pending-deletion key with Rejected.<State>", async () => {
    const { KeyId } = await createKey({});
    const sealed = await bed.ok("Encrypt", { KeyId, Plaintext: "x" });
    await bed.ok("DisableKey", { KeyId });
    bed.deps.keyCache?.invalidate();
    expect((await bed.call("Decrypt", { CiphertextBlob: sealed.CiphertextBlob })).body.Code).toBe(
      "Rejected.Disabled",
    );
    expect((await bed.call("Encrypt", { KeyId, Plaintext: "x" })).body.Code).toBe("Rejected.Disabled");
    await bed.ok("ScheduleKeyDeletion", { KeyId, PendingWindowInDays: "7" });
    bed.deps.keyCache?.invalidate();
    const pending = await bed.call("Decrypt", { CiphertextBlob: sealed.CiphertextBlob });
    expect(pending.status).toBe(409);
    expect(pending.body.Code).toBe("Rejected.PendingDeletion");
  });

  it("enforces the 6 KiB plaintext limit and refuses asymmetric keys for Encrypt", async () => {
    const KeyId = keys.Aliyun_AES_256 as string;
    await bed.ok("Encrypt", { KeyId, Plaintext: "a".repeat(6144) });
    expect((await bed.call("Encrypt", { KeyId, Plaintext: "a".repeat(6145) })).body.Code).toBe(
      "InvalidParameter",
    );
    const { KeyId: rsa } = await createKey({ KeySpec: "RSA_2048" });
    expect((await bed.call("Encrypt", { KeyId: rsa, Plaintext: "x" })).body.Code).toBe(
      "UnsupportedOperation",
    );
  });

  it("honours DryRun", async () => {
    const KeyId = keys.Aliyun_AES_256 as string;
    const answer = await bed.call("Encrypt", { KeyId, Plaintext: "x", DryRun: "true" });
    expect(answer.body.Code).toBe("DryRunOperation");
    const missing = await bed.call("Encrypt", { KeyId: crypto.randomUUID(), Plaintext: "x", DryRun: "true" });
    expect(missing.body.Code).toBe("Forbidden.KeyNotFound");
  });

  it("GenerateDataKey's CiphertextBlob decrypts to its Plaintext; lengths follow KeySpec and NumberOfBytes", async () => {
    const KeyId = keys.Aliyun_AES_256 as string;
    const dataKey = await bed.ok("GenerateDataKey", { KeyId, EncryptionContext: '{"k":"v"}' });
    expect(Buffer.from(dataKey.Plaintext, "base64")).toHaveLength(32);
    const opened = await bed.ok("Decrypt", {
      CiphertextBlob: dataKey.CiphertextBlob,
      EncryptionContext: '{"k":"v"}',
    });
    expect(opened.Plaintext).toBe(dataKey.Plaintext);
    expect(
      Buffer.from((await bed.ok("GenerateDataKey", { KeyId, KeySpec: "AES_128" })).Plaintext, "base64"),
    ).toHaveLength(16);
    expect(
      Buffer.from((await bed.ok("GenerateDataKey", { KeyId, NumberOfBytes: "1024" })).Plaintext, "base64"),
    ).toHaveLength(1024);
    expect((await bed.call("GenerateDataKey", { KeyId, NumberOfBytes: "1025" })).body.Code).toBe(
      "InvalidParameter",
    );
    const quiet = await bed.ok("GenerateDataKeyWithoutPlaintext", { KeyId });
    expect(quiet).not.toHaveProperty("Plaintext");
    expect(
      Buffer.from((await bed.ok("Decrypt", { CiphertextBlob: quiet.CiphertextBlob })).Plaintext, "base64"),
    ).toHaveLength(32);
  });

  it("ReEncrypt moves a ciphertext to another key and context", async () => {
    const from = keys.Aliyun_AES_128 as string;
    const to = keys.Aliyun_SM4 as string;
    const sealed = await bed.ok("Encrypt", {
      KeyId: from,
      Plaintext: "move me",
      EncryptionContext: '{"a":"1"}',
    });
    const moved = await bed.ok("ReEncrypt", {
      CiphertextBlob: sealed.CiphertextBlob,
      SourceEncryptionContext: '{"a":"1"}',
      DestinationKeyId: to,
      DestinationEncryptionContext: '{"b":"2"}',
    });
    expect(moved.KeyId).toBe(to);
    expect(
      (await bed.ok("Decrypt", { CiphertextBlob: moved.CiphertextBlob, EncryptionContext: '{"b":"2"}' }))
        .Plaintext,
    ).toBe("move me");
  });

  it("round-trips arbitrary plaintexts and contexts (fast-check)", async () => {
    const KeyId = keys.Aliyun_AES_256 as string;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 10 }), {
          maxKeys: 4,
        }),
        async (plaintext, context) => {
          const EncryptionContext = JSON.stringify(context);
          const sealed = await bed.ok("Encrypt", { KeyId, Plaintext: plaintext, EncryptionContext });
          const opened = await bed.ok("Decrypt", {
            CiphertextBlob: sealed.CiphertextBlob,
            EncryptionContext,
          });
          return opened.Plaintext === plaintext;
        },
      ),
      { numRuns: 40 },
    );
  });

  it("a warm Encrypt or Decrypt of a cached key makes no store call", async () => {
    const KeyId = keys.Aliyun_AES_256 as string;
    await bed.ok("CreateAlias", { AliasName: "alias/warm", KeyId });
    const sealed = await bed.ok("Encrypt", { KeyId: "alias/warm", Plaintext: "warm" });
    await bed.ok("Decrypt", { CiphertextBlob: sealed.CiphertextBlob });
    bed.storeCalls.length = 0;
    for (let i = 0; i < 10; i++) {
      const again = await bed.ok("Encrypt", { KeyId: "alias/warm", Plaintext: "warm" });
      await bed.ok("Decrypt", { CiphertextBlob: again.CiphertextBlob });
    }
    expect(bed.storeCalls).toEqual([]);
  });
});

describe("asymmetric keys", () => {
  it.each([
    ["RSA_2048", "RSAES_OAEP_SHA_256"],
    ["RSA_2048", "RSAES_OAEP_SHA_1"],
    ["RSA_3072", "RSAES_OAEP_SHA_256"],
    ["RSA_3072", "RSAES_OAEP_SHA_1"],
  ])(
    "%s %s: offline public-key encryption opens with AsymmetricDecrypt, and the reverse",
    async (spec, algorithm) => {
      const { KeyId, versionId } = await createKey({ KeySpec: spec, KeyUsage: "ENCRYPT/DECRYPT" });
      const { PublicKey } = await bed.ok("GetPublicKey", { KeyId, KeyVersionId: versionId });
      const oaepHash = algorithm === "RSAES_OAEP_SHA_256" ? "sha256" : "sha1";
      const offline = publicEncrypt(
        { key: PublicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
        Buffer.from("offline"),
      );
      const opened = await bed.ok("AsymmetricDecrypt", {
        KeyId,
        KeyVersionId: versionId,
        Algorithm: algorithm,
        CiphertextBlob: b64(offline),
      });
      expect(Buffer.from(opened.Plaintext, "base64").toString()).toBe("offline");
      const online = await bed.ok("AsymmetricEncrypt", {
        KeyId,
        KeyVersionId: versionId,
        Algorithm: algorithm,
        Plaintext: b64("online"),
      });
      const back = await bed.ok("AsymmetricDecrypt", {
        KeyId,
        KeyVersionId: versionId,
        Algorithm: algorithm,
        CiphertextBlob: online.CiphertextBlob,
      });
      expect(Buffer.from(back.Plaintext, "base64").toString()).toBe("online");
      // A ciphertext of any wrong size, shorter or longer, is a bad ciphertext.
      const sealed = Buffer.from(online.CiphertextBlob, "base64");
      for (const wrong of [sealed.subarray(1), Buffer.concat([sealed, Buffer.of(0)])]) {
        const answer = await bed.call("AsymmetricDecrypt", {
          KeyId,
          KeyVersionId: versionId,
          Algorithm: algorithm,
          CiphertextBlob: b64(wrong),
        });
        expect(answer.body.Code).toBe("InvalidCiphertext");
      }
      const tooLong = await bed.call("AsymmetricEncrypt", {
        KeyId,
        KeyVersionId: versionId,
        Algorithm: algorithm,
        Plaintext: b64(Buffer.alloc(spec === "RSA_2048" ? 215 : 343)),
      });
      expect(tooLong.body.Code).toBe("InvalidParameter");
    },
  );

  it.each([
    ["RSA_2048", "RSA_PSS_SHA_256"],
    ["RSA_2048", "RSA_PKCS1_SHA_256"],
    ["RSA_3072", "RSA_PSS_SHA_256"],
    ["EC_P256", "ECDSA_SHA_256"],
    ["EC_P256K", "ECDSA_SHA_256"],
  ])(
    "%s %s: AsymmetricSign output verifies offline with node:crypto and with AsymmetricVerify",
    async (spec, algorithm) => {
      const { KeyId, versionId } = await createKey({ KeySpec: spec, KeyUsage: "SIGN/VERIFY" });
      const { PublicKey } = await bed.ok("GetPublicKey", { KeyId, KeyVersionId: versionId });
      const message = "the message a user signs";
      const signed = await bed.ok("AsymmetricSign", {
        KeyId,
        KeyVersionId: versionId,
        Algorithm: algorithm,
        Digest: b64(sha256(message)),
      });
      const signature = Buffer.from(signed.Value, "base64");
      const key =
        algorithm === "RSA_PSS_SHA_256"
          ? { key: createPublicKey(PublicKey), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
          : createPublicKey(PublicKey);
      expect(verify("sha256", Buffer.from(message), key, signature)).toBe(true);
      expect(verify("sha256", Buffer.from(`${message}!`), key, signature)).toBe(false);
      const checked = await bed.ok("AsymmetricVerify", {
        KeyId,
        KeyVersionId: versionId,
        Algorithm: algorithm,
        Digest: b64(sha256(message)),
        Value: signed.Value,
      });
      expect(checked.Value).toBe(true);
      const wrong = await bed.ok("AsymmetricVerify", {
        KeyId,
        KeyVersionId: versionId,
        Algorithm: algorithm,
        Digest: b64(sha256("other")),
        Value: signed.Value,
      });
      expect(wrong.Value).toBe(false);
      const shortDigest = await bed.call("AsymmetricSign", {
        KeyId,
        KeyVersionId: versionId,
        Algorithm: algorithm,
        Digest: b64(Buffer.alloc(20)),
      });
      expect(shortDigest.body.Code).toBe("InvalidParameter");
    },
  );

  it("EC_SM2 SM2DSA: signatures verify with sm-crypto and with the openssl command line", async () => {
    const { KeyId, versionId } = await createKey({ KeySpec: "EC_SM2", KeyUsage: "SIGN/VERIFY" });
    const { PublicKey } = await bed.ok("GetPublicKey", { KeyId, KeyVersionId: versionId });
    const message = Buffer.from("SM2 message signed through Keyward");
    const digest = sm2SigningDigest(PublicKey, message);
    const signed = await bed.ok("AsymmetricSign", {
      KeyId,
      KeyVersionId: versionId,
      Algorithm: "SM2DSA",
      Digest: b64(digest),
    });
    const point = readEcPublicKey("EC_SM2", PublicKey, () => new InternalFailureError());
    const publicHex = Buffer.from(point).toString("hex");
    const signatureHex = Buffer.from(signed.Value, "base64").toString("hex");
    expect(
      smCrypto.sm2.doVerifySignature(message.toString("utf8"), signatureHex, publicHex, {
        der: true,
        hash: true,
        userId: "1234567812345678",
      }),
    ).toBe(true);

    const openssl = new OpensslWorkspace();
    try {
      openssl.write("pub.pem", PublicKey);
      openssl.write("msg.bin", message);
      openssl.write("sig.der", Buffer.from(signed.Value, "base64"));
      const run = openssl.run(
        ...["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest", "sm3"],
        ...["-in", "msg.bin", "-sigfile", "sig.der", "-pkeyopt", "distid:1234567812345678"],
      );
      expect(run.stdout).toContain("Signature Verified Successfully");
    } finally {
      openssl.dispose();
    }
  });

  it("EC_SM2 SM2PKE: sm-crypto's C1C3C2 ciphertext opens, and Keyward's round-trips", async () => {
    const { KeyId, versionId } = await createKey({ KeySpec: "EC_SM2", KeyUsage: "ENCRYPT/DECRYPT" });
    const { PublicKey } = await bed.ok("GetPublicKey", { KeyId, KeyVersionId: versionId });
    const publicHex = Buffer.from(
      readEcPublicKey("EC_SM2", PublicKey, () => new InternalFailureError()),
    ).toString("hex");
    const c1c3c2 = `04${smCrypto.sm2.doEncrypt("from sm-crypto", publicHex, 1)}`;
    const opened = await bed.ok("AsymmetricDecrypt", {
      KeyId,
      KeyVersionId: versionId,
      Algorithm: "SM2PKE",
      CiphertextBlob: b64(Buffer.from(c1c3c2, "hex")),
    });
    expect(Buffer.from(opened.Plaintext, "base64").toString()).toBe("from sm-crypto");
    const sealed = await bed.ok("AsymmetricEncrypt", {
      KeyId,
      KeyVersionId: versionId,
      Algorithm: "SM2PKE",
      Plaintext: b64("keyward"),
    });
    expect(Buffer.from(sealed.CiphertextBlob, "base64")[0]).toBe(0x30);
    const back = await bed.ok("AsymmetricDecrypt", {
      KeyId,
      KeyVersionId: versionId,
      Algorithm: "SM2PKE",
      CiphertextBlob: sealed.CiphertextBlob,
    });
    expect(Buffer.from(back.Plaintext, "base64").toString()).toBe("keyward");
  });

  it("refuses the wrong usage, an algorithm of another spec, and an unknown version", async () => {
    const { KeyId, versionId } = await createKey({ KeySpec: "RSA_2048", KeyUsage: "SIGN/VERIFY" });
    const usage = await bed.call("AsymmetricEncrypt", {
      KeyId,
      KeyVersionId: versionId,
      Algorithm: "RSAES_OAEP_SHA_1",
      Plaintext: b64("x"),
    });
    expect(usage.body.Code).toBe("UnsupportedOperation");
    const algorithm = await bed.call("AsymmetricSign", {
      KeyId,
      KeyVersionId: versionId,
      Algorithm: "ECDSA_SHA_256",
      Digest: b64(sha256("x")),
    });
    expect(algorithm.body.Code).toBe("InvalidParameter");
    const version = await bed.call("GetPublicKey", { KeyId, KeyVersionId: crypto.randomUUID() });
    expect(version.body.Code).toBe("Forbidden.KeyVersionNotFound");
  });

  it("ReEncrypt takes an asymmetric source named by SourceKeyId, SourceKeyVersionId and SourceEncryptionAlgorithm", async () => {
    const rsa = await createKey({ KeySpec: "RSA_2048" });
    const aes = await createKey({});
    const sealed = await bed.ok("AsymmetricEncrypt", {
      KeyId: rsa.KeyId,
      KeyVersionId: rsa.versionId,
      Algorithm: "RSAES_OAEP_SHA_256",
      Plaintext: b64("asym"),
    });
    const moved = await bed.ok("ReEncrypt", {
      CiphertextBlob: sealed.CiphertextBlob,
      SourceKeyId: rsa.KeyId,
      SourceKeyVersionId: rsa.versionId,
      SourceEncryptionAlgorithm: "RSAES_OAEP_SHA_256",
      DestinationKeyId: aes.KeyId,
    });
    expect((await bed.ok("Decrypt", { CiphertextBlob: moved.CiphertextBlob })).Plaintext).toBe("asym");
    const partial = await bed.call("ReEncrypt", {
      CiphertextBlob: sealed.CiphertextBlob,
      SourceKeyId: rsa.KeyId,
      DestinationKeyId: aes.KeyId,
    });
    expect(partial.body.Code).toBe("MissingParameter");
  });
});

describe("exported data keys", () => {
  it("ExportDataKey and GenerateAndExportDataKey output open with the caller's RSA private key", async () => {
    const { KeyId } = await createKey({});
    const caller = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const PublicKeyBlob = b64(caller.publicKey.export({ type: "spki", format: "der" }));
    const dataKey = await bed.ok("GenerateDataKey", { KeyId });
    for (const [algorithm, oaepHash] of [
      ["RSAES_OAEP_SHA_256", "sha256"],
      ["RSAES_OAEP_SHA_1", "sha1"],
    ] as const) {
      const exported = await bed.ok("ExportDataKey", {
        CiphertextBlob: dataKey.CiphertextBlob,
        PublicKeyBlob,
        WrappingKeySpec: "RSA_2048",
        WrappingAlgorithm: algorithm,
      });
      const opened = privateDecrypt(
        { key: caller.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
        Buffer.from(exported.ExportedDataKey, "base64"),
      );
      expect(opened.toString("base64")).toBe(dataKey.Plaintext);
    }
    const both = await bed.ok("GenerateAndExportDataKey", {
      KeyId,
      PublicKeyBlob,
      WrappingKeySpec: "RSA_2048",
      WrappingAlgorithm: "RSAES_OAEP_SHA_256",
    });
    const opened = privateDecrypt(
      { key: caller.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
      Buffer.from(both.ExportedDataKey, "base64"),
    );
    expect((await bed.ok("Decrypt", { CiphertextBlob: both.CiphertextBlob })).Plaintext).toBe(
      opened.toString("base64"),
    );
    const mismatch = await bed.call("ExportDataKey", {
      CiphertextBlob: dataKey.CiphertextBlob,
      PublicKeyBlob,
      WrappingKeySpec: "RSA_2048",
      WrappingAlgorithm: "SM2PKE",
    });
    expect(mismatch.body.Code).toBe("InvalidParameter");
  });

  it("wraps under a caller's SM2 key with SM2PKE, opened by the openssl command line", async () => {
    const { KeyId } = await createKey({});
    const caller = await generateKeyPair("EC_SM2");
    const PublicKeyBlob = b64(Buffer.from(caller.publicKeyPem.replace(/-----[^-]+-----|\s/g, ""), "base64"));
    const both = await bed.ok("GenerateAndExportDataKey", {
      KeyId,
      PublicKeyBlob,
      WrappingKeySpec: "EC_SM2",
      WrappingAlgorithm: "SM2PKE",
    });
    const plaintext = (await bed.ok("Decrypt", { CiphertextBlob: both.CiphertextBlob })).Plaintext;
    const openssl = new OpensslWorkspace();
    try {
      openssl.write("priv.pem", privateKeyPem(caller.privateKey));
      openssl.write("wrapped.der", Buffer.from(both.ExportedDataKey, "base64"));
      const run = openssl.run(
        "pkeyutl",
        "-decrypt",
        "-inkey",
        "priv.pem",
        "-in",
        "wrapped.der",
        "-out",
        "key.bin",
      );
      expect(run.status).toBe(0);
      expect(Buffer.from(openssl.read("key.bin")).toString("base64")).toBe(plaintext);
    } finally {
      openssl.dispose();
    }
  });
});
