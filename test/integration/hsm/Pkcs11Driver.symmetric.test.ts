import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pkcs11js from "pkcs11js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InternalFailureError, InvalidCiphertextError, InvalidParameterError } from "../../../core/errors";
import { Pkcs11Driver } from "../../../core/hsm/Pkcs11Driver";
import { hsmTestsEnabled, openRawSession, type RawSoftHsmSession } from "../../support/softhsm";
import { newIdentity, openSoftHsmFixture, type SoftHsmFixture } from "./softHsmFixture";

const hex = (text: string) => new Uint8Array(Buffer.from(text, "hex"));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

interface GcmCase {
  name: string;
  key: string;
  iv: string;
  aad: string;
  pt: string;
  ct: string;
  tag: string;
  valid: boolean;
}

/** McGrew–Viega cases (test/vectors/aes-gcm/README.md names the source). */
function mcGrewViega(): GcmCase[] {
  const file = JSON.parse(readFileSync("test/vectors/aes-gcm/mcgrew-viega-gcm.json", "utf8"));
  return file.tests.map((t: Record<string, string>) => ({
    ...t,
    name: `McGrew-Viega ${t.case}`,
    valid: true,
  }));
}

/** Wycheproof aes_gcm_test.json, the 96-bit IV / 128-bit tag groups Keyward uses (Apache 2.0, see LICENSE). */
function wycheproof(): GcmCase[] {
  const file = JSON.parse(readFileSync("test/vectors/aes-gcm/aes_gcm_test.json", "utf8"));
  return file.testGroups
    .filter((group: { ivSize: number; tagSize: number }) => group.ivSize === 96 && group.tagSize === 128)
    .flatMap((group: { tests: Record<string, string>[] }) =>
      group.tests.map((t) => ({
        ...t,
        pt: t.msg,
        name: `Wycheproof ${t.tcId}`,
        valid: t.result !== "invalid",
      })),
    ) as GcmCase[];
}

describe.skipIf(!hsmTestsEnabled("Pkcs11Driver AES-GCM against SoftHSM"))(
  "Pkcs11Driver AES-GCM (SoftHSM)",
  () => {
    let hsm: SoftHsmFixture;
    let raw: RawSoftHsmSession;

    beforeAll(async () => {
      hsm = await openSoftHsmFixture();
      raw = openRawSession(hsm.token);
    });
    afterAll(async () => {
      raw?.close();
      await hsm?.close();
    });

    /** Imports an AES key of known value under a Keyward label: what Keyward never does, known-answer tests need. */
    function importAesKey(label: string, key: Uint8Array): void {
      raw.create([
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_VALUE, value: Buffer.from(key) },
        { type: pkcs11js.CKA_ENCRYPT, value: true },
        { type: pkcs11js.CKA_DECRYPT, value: true },
      ]);
    }

    it.each(["Aliyun_AES_128", "Aliyun_AES_192", "Aliyun_AES_256"] as const)(
      "%s round-trips inside the HSM",
      async (spec) => {
        const { label } = await hsm.driver.generateKey(newIdentity(spec));
        for (const size of [0, 1, 16, 4096]) {
          const plaintext = randomBytes(size);
          const aad = randomBytes(37);
          const sealed = await hsm.driver.encrypt(label, plaintext, aad);
          expect(sealed.nonce).toHaveLength(12);
          expect(sealed.tag).toHaveLength(16);
          expect(sealed.ciphertext).toHaveLength(size);
          expect(toHex(await hsm.driver.decrypt(label, sealed, aad))).toBe(plaintext.toString("hex"));
        }
      },
    );

    it("gives every encryption a fresh random nonce", async () => {
      const { label } = await hsm.driver.generateKey(newIdentity("Aliyun_AES_256"));
      const nonces = new Set<string>();
      for (let i = 0; i < 50; i += 1)
        nonces.add(toHex((await hsm.driver.encrypt(label, hex("00"), hex(""))).nonce));
      expect(nonces.size).toBe(50);
    });

    it("tampered ciphertext, tag, nonce or associated data fail with InvalidCiphertextError", async () => {
      const { label } = await hsm.driver.generateKey(newIdentity("Aliyun_AES_256"));
      const aad = hex("0102");
      const sealed = await hsm.driver.encrypt(label, hex("68656c6c6f"), aad);
      const flip = (bytes: Uint8Array) => bytes.map((b, i) => (i === 0 ? b ^ 1 : b));
      const attempts = [
        hsm.driver.decrypt(label, { ...sealed, ciphertext: flip(sealed.ciphertext) }, aad),
        hsm.driver.decrypt(label, { ...sealed, tag: flip(sealed.tag) }, aad),
        hsm.driver.decrypt(label, { ...sealed, nonce: flip(sealed.nonce) }, aad),
        hsm.driver.decrypt(label, sealed, hex("0103")),
      ];
      // Every rejection gets its handler at once: awaited one by one, a later attempt could fail before the
      // earlier ones settled, and Node would report its rejection as unhandled.
      await Promise.all(
        attempts.map((attempt) => expect(attempt).rejects.toBeInstanceOf(InvalidCiphertextError)),
      );
      // The failures left no session stuck in an operation: the key still works.
      expect(toHex(await hsm.driver.decrypt(label, sealed, aad))).toBe("68656c6c6f");
    });

    it("Precondition: a sealed AES-GCM message has a 12-byte nonce and a 16-byte tag", async () => {
      const { label } = await hsm.driver.generateKey(newIdentity("Aliyun_AES_128"));
      const sealed = await hsm.driver.encrypt(label, hex("00"), hex(""));
      await expect(
        hsm.driver.decrypt(label, { ...sealed, nonce: new Uint8Array(8) }, hex("")),
      ).rejects.toBeInstanceOf(InvalidCiphertextError);
      await expect(
        hsm.driver.decrypt(label, { ...sealed, tag: sealed.tag.subarray(0, 12) }, hex("")),
      ).rejects.toBeInstanceOf(InvalidCiphertextError);
    });

    it("Precondition: the AES-GCM IV is 12 bytes", async () => {
      const { label } = await hsm.driver.generateKey(newIdentity("Aliyun_AES_128"));
      await expect(hsm.driver.encrypt(label, hex("00"), hex(""), new Uint8Array(16))).rejects.toBeInstanceOf(
        InvalidParameterError,
      );
    });

    it("Precondition: AES-GCM runs on an AES secret key", async () => {
      const label = "kw:1234567890:generic:v1";
      raw.module.C_GenerateKey(raw.session, { mechanism: pkcs11js.CKM_GENERIC_SECRET_KEY_GEN }, [
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
      ]);
      await expect(hsm.driver.encrypt(label, hex("00"), hex(""))).rejects.toBeInstanceOf(
        InvalidParameterError,
      );
    });

    it("Postcondition: an HSM that generates IVs wrote one (an all-zero IV means it did not)", async () => {
      // SoftHSM uses the caller's IV; a driver told the HSM makes IVs must notice that none came back and refuse to
      // hand out a ciphertext made under the all-zero placeholder.
      const { label } = await hsm.driver.generateKey(newIdentity("Aliyun_AES_256"));
      const cloudStyle = await Pkcs11Driver.open({ ...hsm.token, gcmIv: "hsm" });
      try {
        await expect(cloudStyle.encrypt(label, hex("00"), hex(""))).rejects.toBeInstanceOf(
          InternalFailureError,
        );
      } finally {
        await cloudStyle.close();
      }
    });

    it("reproduces the McGrew-Viega and Wycheproof AES-GCM vectors with imported keys", async () => {
      const cases = [...mcGrewViega(), ...wycheproof()];
      expect(cases.length).toBeGreaterThan(200);
      const keys = new Map<string, string>();
      for (const test of cases) {
        let label = keys.get(test.key);
        if (!label) {
          label = `kw:kat:gcm${keys.size}:v1`;
          importAesKey(label, hex(test.key));
          keys.set(test.key, label);
        }
        const sealed = { nonce: hex(test.iv), ciphertext: hex(test.ct), tag: hex(test.tag) };
        if (test.valid) {
          const encrypted = await hsm.driver.encrypt(label, hex(test.pt), hex(test.aad), hex(test.iv));
          expect(toHex(encrypted.ciphertext) + toHex(encrypted.tag), test.name).toBe(test.ct + test.tag);
          expect(toHex(await hsm.driver.decrypt(label, sealed, hex(test.aad))), test.name).toBe(test.pt);
        } else {
          await expect(hsm.driver.decrypt(label, sealed, hex(test.aad)), test.name).rejects.toBeInstanceOf(
            InvalidCiphertextError,
          );
        }
      }
    });
  },
);
