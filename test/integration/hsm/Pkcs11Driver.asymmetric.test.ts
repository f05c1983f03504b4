import { constants, createHash, createPublicKey, publicEncrypt, randomBytes, verify } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import pkcs11js from "pkcs11js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  InternalFailureError,
  InvalidCiphertextError,
  InvalidParameterError,
  RejectedUnsupportedOperationError,
  UnsupportedOperationError,
} from "../../../core/errors";
import { hsmTestsEnabled, openRawSession, type RawSoftHsmSession } from "../../support/softhsm";
import { newIdentity, openSoftHsmFixture, type SoftHsmFixture } from "./softHsmFixture";

const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash("sha256").update(data).digest());

describe.skipIf(!hsmTestsEnabled("Pkcs11Driver RSA and ECDSA against SoftHSM"))(
  "Pkcs11Driver RSA/ECDSA (SoftHSM)",
  () => {
    let hsm: SoftHsmFixture;
    let raw: RawSoftHsmSession;
    let rsa: { label: string; publicKey: string };
    let p256: { label: string; publicKey: string };
    let k1: { label: string; publicKey: string };

    beforeAll(async () => {
      hsm = await openSoftHsmFixture();
      raw = openRawSession(hsm.token);
      const generated = await Promise.all(
        (["RSA_2048", "EC_P256", "EC_P256K"] as const).map((spec) =>
          hsm.driver.generateKey(newIdentity(spec)),
        ),
      );
      [rsa, p256, k1] = generated.map(({ label, publicKey }) => ({ label, publicKey: publicKey! })) as [
        typeof rsa,
        typeof rsa,
        typeof rsa,
      ];
    });
    afterAll(async () => {
      raw?.close();
      await hsm?.close();
    });

    it("exports RSA and EC public keys as PEM SubjectPublicKeyInfo of the right kind", async () => {
      const rsaKey = createPublicKey(rsa.publicKey);
      expect(rsaKey.asymmetricKeyType).toBe("rsa");
      expect(rsaKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, publicExponent: 65537n });
      expect(createPublicKey(p256.publicKey).asymmetricKeyDetails).toEqual({ namedCurve: "prime256v1" });
      expect(createPublicKey(k1.publicKey).asymmetricKeyDetails).toEqual({ namedCurve: "secp256k1" });
      expect(await hsm.driver.getPublicKey(rsa.label)).toBe(rsa.publicKey);
    });

    it("RSA_PKCS1_SHA_256 and RSA_PSS_SHA_256 signatures verify with node:crypto and in the HSM", async () => {
      const message = "the message";
      const digest = sha256(message);
      const pkcs1 = await hsm.driver.sign(rsa.label, "RSA_PKCS1_SHA_256", digest);
      const pss = await hsm.driver.sign(rsa.label, "RSA_PSS_SHA_256", digest);
      expect(pkcs1).toHaveLength(256);
      expect(verify("sha256", Buffer.from(message), rsa.publicKey, pkcs1)).toBe(true);
      const pssKey = { key: rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
      expect(verify("sha256", Buffer.from(message), pssKey, pss)).toBe(true);
      expect(await hsm.driver.verify(rsa.label, "RSA_PKCS1_SHA_256", digest, pkcs1)).toBe(true);
      expect(await hsm.driver.verify(rsa.label, "RSA_PSS_SHA_256", digest, pss)).toBe(true);
      expect(await hsm.driver.verify(rsa.label, "RSA_PKCS1_SHA_256", sha256("other"), pkcs1)).toBe(false);
      expect(await hsm.driver.verify(rsa.label, "RSA_PSS_SHA_256", digest, pss.subarray(1))).toBe(false);
    });

    it("RSAES_OAEP_SHA_1 ciphertexts made by node:crypto from the exported key open in the HSM", async () => {
      for (const size of [1, 32, 214]) {
        const plaintext = randomBytes(size);
        const ciphertext = publicEncrypt(
          { key: rsa.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
          plaintext,
        );
        const opened = await hsm.driver.asymmetricDecrypt(rsa.label, "RSAES_OAEP_SHA_1", ciphertext);
        expect(Buffer.from(opened).equals(plaintext)).toBe(true);
      }
    });

    it("Precondition: the HSM decrypts OAEP with the algorithm's hash (SoftHSM: no SHA-256)", async () => {
      const ciphertext = publicEncrypt(
        { key: rsa.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
        Buffer.from("x"),
      );
      const attempt = hsm.driver.asymmetricDecrypt(rsa.label, "RSAES_OAEP_SHA_256", ciphertext);
      await expect(attempt).rejects.toBeInstanceOf(RejectedUnsupportedOperationError);
      await expect(attempt).rejects.toThrow(/CKM_RSA_PKCS_OAEP with SHA-256/);
    });

    it("an OAEP ciphertext that does not decrypt is InvalidCiphertextError", async () => {
      const sha256Ciphertext = publicEncrypt(
        { key: rsa.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" },
        Buffer.from("x"),
      );
      for (const ciphertext of [randomBytes(256), sha256Ciphertext, randomBytes(255)]) {
        await expect(
          hsm.driver.asymmetricDecrypt(rsa.label, "RSAES_OAEP_SHA_1", ciphertext),
        ).rejects.toBeInstanceOf(InvalidCiphertextError);
      }
    });

    it("Precondition: RSA-OAEP runs on an RSA private key", async () => {
      await expect(
        hsm.driver.asymmetricDecrypt(p256.label, "RSAES_OAEP_SHA_1", randomBytes(256)),
      ).rejects.toBeInstanceOf(InvalidParameterError);
    });

    it.each([
      ["EC_P256", () => p256],
      ["EC_P256K", () => k1],
    ] as const)(
      "ECDSA_SHA_256 on %s gives DER that node:crypto verifies, and the HSM verifies",
      async (_spec, key) => {
        const { label, publicKey } = key();
        const digest = sha256("ecdsa message");
        const signature = await hsm.driver.sign(label, "ECDSA_SHA_256", digest);
        expect(signature[0]).toBe(0x30);
        expect(verify("sha256", Buffer.from("ecdsa message"), publicKey, signature)).toBe(true);
        expect(await hsm.driver.verify(label, "ECDSA_SHA_256", digest, signature)).toBe(true);
        expect(await hsm.driver.verify(label, "ECDSA_SHA_256", sha256("other"), signature)).toBe(false);
        // Not strict DER (a trailing byte, raw r||s): does not verify, no error.
        expect(await hsm.driver.verify(label, "ECDSA_SHA_256", digest, Uint8Array.of(...signature, 0))).toBe(
          false,
        );
        expect(await hsm.driver.verify(label, "ECDSA_SHA_256", digest, randomBytes(64))).toBe(false);
      },
    );

    it("EC_P256K signatures are always low-S (as the software path makes them)", async () => {
      const digest = sha256("low s");
      for (let i = 0; i < 40; i += 1) {
        const signature = await hsm.driver.sign(k1.label, "ECDSA_SHA_256", digest);
        expect(secp256k1.Signature.fromBytes(signature, "der").hasHighS()).toBe(false);
      }
    });

    it("Precondition: the digest is a SHA-256 digest, 32 bytes", async () => {
      await expect(
        hsm.driver.sign(rsa.label, "RSA_PKCS1_SHA_256", new Uint8Array(31)),
      ).rejects.toBeInstanceOf(InvalidParameterError);
      await expect(
        hsm.driver.verify(p256.label, "ECDSA_SHA_256", new Uint8Array(33), new Uint8Array(8)),
      ).rejects.toBeInstanceOf(InvalidParameterError);
    });

    it("Precondition: the signing algorithm matches the key type of the HSM object", async () => {
      await expect(hsm.driver.sign(rsa.label, "ECDSA_SHA_256", sha256("x"))).rejects.toBeInstanceOf(
        InvalidParameterError,
      );
      await expect(hsm.driver.sign(p256.label, "RSA_PSS_SHA_256", sha256("x"))).rejects.toBeInstanceOf(
        InvalidParameterError,
      );
      await expect(hsm.driver.sign(p256.label, "SM2DSA", sha256("x"))).rejects.toBeInstanceOf(
        RejectedUnsupportedOperationError,
      );
    });

    it("Precondition: an EC key is on a curve Keyward serves (P-256 or secp256k1)", async () => {
      const label = "kw:1234567890:p384:v1";
      raw.module.C_GenerateKeyPair(
        raw.session,
        { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
        [
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_LABEL, value: `${label}:public` },
          { type: pkcs11js.CKA_EC_PARAMS, value: Buffer.from("06052b81040022", "hex") },
        ],
        [
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_LABEL, value: `${label}:private` },
          { type: pkcs11js.CKA_SIGN, value: true },
        ],
      );
      await expect(hsm.driver.sign(label, "ECDSA_SHA_256", sha256("x"))).rejects.toBeInstanceOf(
        InternalFailureError,
      );
      await expect(hsm.driver.getPublicKey(label)).rejects.toBeInstanceOf(InternalFailureError);
    });

    it("RSA_3072 keys sign and their signatures verify with node:crypto", async () => {
      const { label, publicKey } = await hsm.driver.generateKey(newIdentity("RSA_3072"), "SIGN/VERIFY");
      expect(createPublicKey(publicKey!).asymmetricKeyDetails?.modulusLength).toBe(3072);
      const signature = await hsm.driver.sign(label, "RSA_PKCS1_SHA_256", sha256("3072"));
      expect(signature).toHaveLength(384);
      expect(verify("sha256", Buffer.from("3072"), publicKey!, signature)).toBe(true);
      // Generated for SIGN/VERIFY only: the private key refuses to decrypt (the HSM enforces the usage).
      const refused = await hsm.driver
        .asymmetricDecrypt(label, "RSAES_OAEP_SHA_1", randomBytes(384))
        .catch((e) => e);
      expect(refused).toBeInstanceOf(UnsupportedOperationError);
      expect(refused.message).toContain("CKR_KEY_FUNCTION_NOT_PERMITTED");
    });
  },
);
