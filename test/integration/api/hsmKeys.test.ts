/**
 * HSM keys end to end through the real handlers (DESIGN sections 1, 7, 8): CreateKey with ProtectionLevel=HSM for
 * every KeySpec SoftHSM serves, refusals naming what the HSM lacks, key material that cannot be read out of the token,
 * and KeyUsage enforced by the HSM itself. Parity with SOFTWARE is in hsmParity.test.ts.
 */
import { constants, createHash, publicEncrypt } from "node:crypto";
import pkcs11js from "pkcs11js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KmsError, UnsupportedOperationError } from "../../../core/errors";
import { hsmTestsEnabled } from "../../support/softhsm";
import {
  b64,
  type CreatedKey,
  createHsmKey,
  type HsmTestbed,
  startHsmTestbed,
  versionHandleOf,
} from "./hsmTestbed";

/** Every KeySpec and usage SoftHSM 2.6 can hold (DESIGN section 1). */
const SERVED: readonly [string, string][] = [
  ["Aliyun_AES_128", "ENCRYPT/DECRYPT"],
  ["Aliyun_AES_192", "ENCRYPT/DECRYPT"],
  ["Aliyun_AES_256", "ENCRYPT/DECRYPT"],
  ["RSA_2048", "ENCRYPT/DECRYPT"],
  ["RSA_2048", "SIGN/VERIFY"],
  ["RSA_3072", "ENCRYPT/DECRYPT"],
  ["RSA_3072", "SIGN/VERIFY"],
  ["EC_P256", "SIGN/VERIFY"],
  ["EC_P256K", "SIGN/VERIFY"],
];

const name = (spec: string, usage: string) => `${spec} ${usage}`;
const sha256 = (text: string) => createHash("sha256").update(text).digest();
const flag = (value: Buffer | undefined) => value?.[0] === 1;

describe.skipIf(!hsmTestsEnabled("HSM keys through the handlers"))("HSM keys through the handlers", () => {
  let hsm: HsmTestbed;
  const keys = new Map<string, CreatedKey>();
  const key = (spec: string, usage: string) => keys.get(name(spec, usage)) as CreatedKey;

  beforeAll(async () => {
    hsm = await startHsmTestbed();
    // Sequential: SoftHSM generates RSA keys on the caller's thread pool, and the machine has two cores.
    for (const [KeySpec, KeyUsage] of SERVED) {
      keys.set(name(KeySpec, KeyUsage), await createHsmKey(hsm.bed, { KeySpec, KeyUsage }));
    }
  });
  afterAll(() => hsm?.stop());

  describe("CreateKey with ProtectionLevel=HSM", () => {
    it.each(SERVED)(
      "%s %s: an HSM key whose version is a token object, described as HSM",
      async (spec, usage) => {
        const created = key(spec, usage);
        expect(created.metadata).toMatchObject({
          KeySpec: spec,
          KeyUsage: usage,
          ProtectionLevel: "HSM",
          KeyState: "Enabled",
          Origin: "Aliyun_KMS",
        });
        expect(created.label).toBe(`kw:1111111111111111:${created.KeyId}:${created.versionId}`);
        const described = (await hsm.bed.ok("DescribeKey", { KeyId: created.KeyId })).KeyMetadata;
        expect(described.ProtectionLevel).toBe("HSM");
        const raw = hsm.raw();
        if (spec.startsWith("Aliyun_AES")) {
          expect(raw.find(created.label)).toHaveLength(1);
          expect(raw.find(`${created.label}:private`)).toHaveLength(0);
        } else {
          expect(raw.find(created.label)).toHaveLength(0);
          expect(raw.find(`${created.label}:private`)).toHaveLength(1);
          expect(raw.find(`${created.label}:public`)).toHaveLength(1);
        }
      },
    );

    it.each([
      ["Aliyun_SM4", "ENCRYPT/DECRYPT", /SM4 mechanism/],
      ["EC_SM2", "ENCRYPT/DECRYPT", /SM2 mechanism/],
      ["EC_SM2", "SIGN/VERIFY", /SM2 mechanism/],
    ])(
      "%s %s is refused with Rejected.UnsupportedOperation naming what the HSM lacks",
      async (spec, usage, lacks) => {
        const before = (await hsm.bed.ok("ListKeys", { PageSize: "100" })).TotalCount;
        const answer = await hsm.bed.call("CreateKey", {
          KeySpec: spec,
          KeyUsage: usage,
          ProtectionLevel: "HSM",
        });
        expect(answer.status).toBe(400);
        expect(answer.body.Code).toBe("Rejected.UnsupportedOperation");
        expect(answer.body.Message).toMatch(lacks);
        expect(answer.body.Message).toContain(`${spec} key for ${usage}`);
        expect((await hsm.bed.ok("ListKeys", { PageSize: "100" })).TotalCount).toBe(before);
      },
    );

    it("a usage the KeySpec cannot have is InvalidParameter before the HSM is asked", async () => {
      const answer = await hsm.bed.call("CreateKey", {
        KeySpec: "EC_P256",
        KeyUsage: "ENCRYPT/DECRYPT",
        ProtectionLevel: "HSM",
      });
      expect(answer.body.Code).toBe("InvalidParameter");
    });
  });

  describe("RSA-OAEP: SHA-1 works, SHA-256 is refused naming the missing mechanism", () => {
    it.each(["RSA_2048", "RSA_3072"])("%s", async (spec) => {
      const { KeyId, versionId } = key(spec, "ENCRYPT/DECRYPT");
      const { PublicKey } = await hsm.bed.ok("GetPublicKey", { KeyId, KeyVersionId: versionId });
      const sealed = (oaepHash: string) =>
        b64(
          publicEncrypt(
            { key: PublicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
            Buffer.from("hi"),
          ),
        );
      const opened = await hsm.bed.ok("AsymmetricDecrypt", {
        KeyId,
        KeyVersionId: versionId,
        Algorithm: "RSAES_OAEP_SHA_1",
        CiphertextBlob: sealed("sha1"),
      });
      expect(Buffer.from(opened.Plaintext, "base64").toString()).toBe("hi");

      // DryRun answers as the real call would: the HSM's missing mechanism is known before any cryptography.
      const refusals = [];
      for (const DryRun of ["false", "true"]) {
        refusals.push(
          await hsm.bed.call("AsymmetricDecrypt", {
            KeyId,
            KeyVersionId: versionId,
            Algorithm: "RSAES_OAEP_SHA_256",
            CiphertextBlob: sealed("sha256"),
            DryRun,
          }),
          await hsm.bed.call("ReEncrypt", {
            CiphertextBlob: sealed("sha256"),
            SourceKeyId: KeyId,
            SourceKeyVersionId: versionId,
            SourceEncryptionAlgorithm: "RSAES_OAEP_SHA_256",
            DestinationKeyId: key("Aliyun_AES_256", "ENCRYPT/DECRYPT").KeyId,
            DryRun,
          }),
        );
      }
      for (const answer of refusals) {
        expect(answer.status).toBe(400);
        expect(answer.body.Code).toBe("Rejected.UnsupportedOperation");
        expect(answer.body.Message).toContain("RSAES_OAEP_SHA_256");
        expect(answer.body.Message).toContain("CKM_RSA_PKCS_OAEP with SHA-256");
      }
    });
  });

  it("Precondition: the key's provider can decrypt the algorithm", async () => {
    const { KeyId, versionId } = key("RSA_2048", "ENCRYPT/DECRYPT");
    for (const DryRun of ["false", "true"]) {
      const answer = await hsm.bed.call("AsymmetricEncrypt", {
        KeyId,
        KeyVersionId: versionId,
        Algorithm: "RSAES_OAEP_SHA_256",
        Plaintext: b64("never decryptable here"),
        DryRun,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.Code).toBe("Rejected.UnsupportedOperation");
      expect(answer.body.Message).toContain("The HSM cannot decrypt RSAES_OAEP_SHA_256");
    }
    const sha1 = await hsm.bed.call("AsymmetricEncrypt", {
      KeyId,
      KeyVersionId: versionId,
      Algorithm: "RSAES_OAEP_SHA_1",
      Plaintext: b64("fine"),
      DryRun: "true",
    });
    expect(sha1.body.Code).toBe("DryRunOperation");
  });

  describe("the key material cannot be read out of the token", () => {
    it.each(SERVED)("%s %s: sensitive, not extractable, the secret attribute refused", (spec, usage) => {
      const { label } = key(spec, usage);
      const raw = hsm.raw();
      const symmetric = spec.startsWith("Aliyun_AES");
      const [secret] = raw.find(symmetric ? label : `${label}:private`);
      expect(secret).toBeDefined();
      const [token, sensitive, extractable, neverExtractable] = raw.read(secret as Buffer, [
        pkcs11js.CKA_TOKEN,
        pkcs11js.CKA_SENSITIVE,
        pkcs11js.CKA_EXTRACTABLE,
        pkcs11js.CKA_NEVER_EXTRACTABLE,
      ]);
      expect([flag(token), flag(sensitive), flag(extractable), flag(neverExtractable)]).toEqual([
        true,
        true,
        false,
        true,
      ]);
      const secretAttribute = spec.startsWith("RSA") ? pkcs11js.CKA_PRIVATE_EXPONENT : pkcs11js.CKA_VALUE;
      expect(() => raw.read(secret as Buffer, [secretAttribute])).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
      if (spec.startsWith("RSA")) {
        expect(() => raw.read(secret as Buffer, [pkcs11js.CKA_PRIME_1])).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
      }
    });

    it("no response of the API carries more than the label's owner needs (no material in DescribeKey or ListKeyVersions)", async () => {
      const { KeyId, label } = key("Aliyun_AES_256", "ENCRYPT/DECRYPT");
      const text = JSON.stringify([
        await hsm.bed.ok("DescribeKey", { KeyId }),
        await hsm.bed.ok("ListKeyVersions", { KeyId }),
      ]);
      expect(text).not.toContain(label);
      expect(text).not.toMatch(/"(Material|Label|KeyMaterial)"/);
    });
  });

  describe("KeyUsage is enforced inside the HSM, not only by the service", () => {
    it("an RSA SIGN/VERIFY key refuses to decrypt even when the service check is bypassed", async () => {
      const signer = key("RSA_2048", "SIGN/VERIFY");
      const decrypter = key("RSA_2048", "ENCRYPT/DECRYPT");
      const serviceCheck = await hsm.bed.call("AsymmetricDecrypt", {
        KeyId: signer.KeyId,
        KeyVersionId: signer.versionId,
        Algorithm: "RSAES_OAEP_SHA_1",
        CiphertextBlob: b64(Buffer.alloc(256, 1)),
      });
      expect(serviceCheck.body.Code).toBe("UnsupportedOperation");

      const signerHandle = await versionHandleOf(hsm.bed, signer.KeyId);
      const ciphertext = publicEncrypt(
        {
          key: signerHandle.publicKey as string,
          padding: constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: "sha1",
        },
        Buffer.from("must stay sealed"),
      );
      const bypass = await hsm.provider
        .asymmetricDecrypt(signerHandle, "RSAES_OAEP_SHA_1", ciphertext)
        .catch((error: unknown) => error);
      expect(bypass).toBeInstanceOf(UnsupportedOperationError);
      expect((bypass as KmsError).message).toContain("CKR_KEY_FUNCTION_NOT_PERMITTED");
      // The same handle signs: the refusal is about the usage, not a missing or broken object.
      const signature = await hsm.provider.sign(signerHandle, "RSA_PKCS1_SHA_256", sha256("x"));
      expect(signature).toHaveLength(256);

      const decrypterHandle = await versionHandleOf(hsm.bed, decrypter.KeyId);
      const refusedSign = await hsm.provider
        .sign(decrypterHandle, "RSA_PSS_SHA_256", sha256("x"))
        .catch((error: unknown) => error);
      expect(refusedSign).toBeInstanceOf(UnsupportedOperationError);
      expect(refusedSign).toBeInstanceOf(KmsError);
    });

    it("the objects carry only their usage's rights", () => {
      const raw = hsm.raw();
      const rights = (label: string) => {
        const [handle] = raw.find(`${label}:private`);
        return raw
          .read(handle as Buffer, [
            pkcs11js.CKA_SIGN,
            pkcs11js.CKA_DECRYPT,
            pkcs11js.CKA_UNWRAP,
            pkcs11js.CKA_DERIVE,
          ])
          .map(flag);
      };
      expect(rights(key("RSA_3072", "SIGN/VERIFY").label)).toEqual([true, false, false, false]);
      expect(rights(key("RSA_3072", "ENCRYPT/DECRYPT").label)).toEqual([false, true, false, false]);
      expect(rights(key("EC_P256K", "SIGN/VERIFY").label)).toEqual([true, false, false, false]);
    });
  });
});
