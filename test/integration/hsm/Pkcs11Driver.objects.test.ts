import pkcs11js from "pkcs11js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  InternalFailureError,
  InvalidParameterError,
  RejectedUnsupportedOperationError,
} from "../../../core/errors";
import { Pkcs11Driver } from "../../../core/hsm/Pkcs11Driver";
import { probeCapabilities } from "../../../core/hsm/probeCapabilities";
import { hsmTestsEnabled, openRawSession, type RawSoftHsmSession } from "../../support/softhsm";
import { newIdentity, openSoftHsmFixture, type SoftHsmFixture } from "./softHsmFixture";

const TRUE = Buffer.from([1]);
const FALSE = Buffer.from([0]);

describe.skipIf(!hsmTestsEnabled("Pkcs11Driver objects against SoftHSM"))(
  "Pkcs11Driver objects (SoftHSM)",
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

    it("reports SoftHSM's capabilities: mechanisms, OAEP with SHA-1 only, both curves, caller-made IVs", async () => {
      const capabilities = await hsm.driver.capabilities();
      expect(capabilities.library.manufacturer).toBe("SoftHSM");
      expect(capabilities.token.label).toBe(hsm.token.tokenLabel);
      for (const mechanism of [
        "CKM_AES_GCM",
        "CKM_RSA_PKCS_OAEP",
        "CKM_RSA_PKCS_PSS",
        "CKM_ECDSA",
        "CKM_EC_KEY_PAIR_GEN",
      ]) {
        expect(capabilities.mechanisms).toContain(mechanism);
      }
      expect(capabilities.mechanisms).not.toContain("CKM_ECDSA_SHA256");
      expect(capabilities.rsaOaepHashes).toEqual(["SHA_1"]);
      expect(capabilities.ecCurves).toEqual(["P-256", "secp256k1"]);
      expect(capabilities.gcmIv).toBe("caller");
      expect(await hsm.driver.capabilities()).toBe(capabilities);
    });

    it("a passing fault during the probe fails it rather than marking a curve missing", async () => {
      const { module, session } = raw;
      const slot = module.C_GetSessionInfo(session).slotID;
      let faults = 1;
      // The module is the process's shared library instance: the fault goes into a view of it, for one call.
      const Pkcs11Error = (pkcs11js as unknown as { Pkcs11Error: new (...args: unknown[]) => Error })
        .Pkcs11Error;
      const faulty = new Proxy(module, {
        get(target, name) {
          const value = Reflect.get(target, name);
          if (typeof value !== "function") return value;
          if (name !== "C_GenerateKeyPairAsync") return value.bind(target);
          return (...args: Parameters<typeof module.C_GenerateKeyPairAsync>) => {
            if (args[1].mechanism === pkcs11js.CKM_EC_KEY_PAIR_GEN && faults-- > 0) {
              return Promise.reject(
                new Pkcs11Error("CKR_DEVICE_MEMORY", pkcs11js.CKR_DEVICE_MEMORY, "C_GenerateKeyPair"),
              );
            }
            return target.C_GenerateKeyPairAsync(...args);
          };
        },
      });
      const run = <T>(step: (s: typeof session) => Promise<T>) => step(session);
      await expect(probeCapabilities(faulty, slot, run, "caller")).rejects.toThrow(/CKR_DEVICE_MEMORY/);
      expect((await probeCapabilities(faulty, slot, run, "caller")).ecCurves).toEqual(["P-256", "secp256k1"]);
    });

    it("keeps the key material inside: sensitive, never extractable, and CKA_VALUE / CKA_PRIVATE_EXPONENT refused", async () => {
      const aes = await hsm.driver.generateKey(newIdentity("Aliyun_AES_256"));
      const rsa = await hsm.driver.generateKey(newIdentity("RSA_2048"));
      const ec = await hsm.driver.generateKey(newIdentity("EC_P256K"));
      const secrets: [string, number][] = [
        [aes.label, pkcs11js.CKA_VALUE],
        [`${rsa.label}:private`, pkcs11js.CKA_PRIVATE_EXPONENT],
        [`${rsa.label}:private`, pkcs11js.CKA_PRIME_1],
        [`${ec.label}:private`, pkcs11js.CKA_VALUE],
      ];
      for (const [label, attribute] of secrets) {
        const [handle] = raw.find(label);
        expect(() => raw.read(handle!, [attribute]), label).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
        const flags = raw.read(handle!, [
          pkcs11js.CKA_TOKEN,
          pkcs11js.CKA_PRIVATE,
          pkcs11js.CKA_SENSITIVE,
          pkcs11js.CKA_EXTRACTABLE,
          pkcs11js.CKA_NEVER_EXTRACTABLE,
        ]);
        expect(flags, label).toEqual([TRUE, TRUE, TRUE, FALSE, TRUE]);
      }
      // An AES key only encrypts and decrypts: no MAC, no wrapping, no derivation.
      const [secret] = raw.find(aes.label);
      const uses = raw.read(secret!, [
        pkcs11js.CKA_ENCRYPT,
        pkcs11js.CKA_DECRYPT,
        pkcs11js.CKA_SIGN,
        pkcs11js.CKA_VERIFY,
        pkcs11js.CKA_WRAP,
        pkcs11js.CKA_UNWRAP,
        pkcs11js.CKA_DERIVE,
      ]);
      expect(uses).toEqual([TRUE, TRUE, FALSE, FALSE, FALSE, FALSE, FALSE]);
    });

    it("labels the objects kw:<account>:<keyId>:<versionId>, the halves of a pair told apart", async () => {
      const identity = newIdentity("EC_P256", "5555");
      const { label } = await hsm.driver.generateKey(identity);
      expect(label).toBe(`kw:5555:${identity.keyId}:${identity.versionId}`);
      expect(raw.find(label)).toHaveLength(0);
      const [privateKey] = raw.find(`${label}:private`);
      const [publicKey] = raw.find(`${label}:public`);
      expect(raw.read(privateKey!, [pkcs11js.CKA_CLASS])[0]!.readUInt32LE(0)).toBe(pkcs11js.CKO_PRIVATE_KEY);
      expect(raw.read(publicKey!, [pkcs11js.CKA_CLASS])[0]!.readUInt32LE(0)).toBe(pkcs11js.CKO_PUBLIC_KEY);
    });

    it("destroys both halves of a pair, and a second destroy finds nothing", async () => {
      const { label } = await hsm.driver.generateKey(newIdentity("RSA_2048"));
      expect(await hsm.driver.destroyKey(label)).toBe(2);
      expect(raw.find(`${label}:private`)).toHaveLength(0);
      expect(raw.find(`${label}:public`)).toHaveLength(0);
      expect(await hsm.driver.destroyKey(label)).toBe(0);
      await expect(hsm.driver.sign(label, "RSA_PSS_SHA_256", new Uint8Array(32))).rejects.toBeInstanceOf(
        InternalFailureError,
      );
    });

    it("looks an object up again when its cached handle went stale", async () => {
      const identity = newIdentity("Aliyun_AES_128");
      const { label } = await hsm.driver.generateKey(identity);
      await hsm.driver.encrypt(label, new Uint8Array(4), new Uint8Array(0));
      // Another instance destroys the object and a new one takes the label: the cached handle is now invalid.
      for (const handle of raw.find(label)) raw.module.C_DestroyObject(raw.session, handle);
      raw.create([
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_VALUE, value: Buffer.alloc(16, 7) },
        { type: pkcs11js.CKA_ENCRYPT, value: true },
        { type: pkcs11js.CKA_DECRYPT, value: true },
      ]);
      const sealed = await hsm.driver.encrypt(label, new Uint8Array([1, 2]), new Uint8Array(0));
      expect([...(await hsm.driver.decrypt(label, sealed, new Uint8Array(0)))]).toEqual([1, 2]);
    });

    it("Precondition: exactly one HSM object carries the label of a key version's half", async () => {
      const { label } = await hsm.driver.generateKey(newIdentity("Aliyun_AES_256"));
      const [handle] = raw.find(label);
      raw.module.C_CopyObject(raw.session, handle!, []);
      await expect(
        hsm.driver.decrypt(
          label,
          { nonce: new Uint8Array(12), ciphertext: new Uint8Array(1), tag: new Uint8Array(16) },
          new Uint8Array(0),
        ),
      ).rejects.toBeInstanceOf(InternalFailureError);
      await expect(hsm.driver.getPublicKey("kw:1:never:created")).rejects.toBeInstanceOf(
        InternalFailureError,
      );
    });

    it("answers a repeated generation of the same version with the objects the first made, creating none", async () => {
      for (const spec of ["Aliyun_AES_256", "RSA_2048", "EC_P256"] as const) {
        const identity = newIdentity(spec);
        const first = await hsm.driver.generateKey(identity);
        expect(await hsm.driver.generateKey(identity), spec).toEqual(first);
        const objects = [first.label, `${first.label}:private`, `${first.label}:public`];
        expect(
          objects.map((label) => raw.find(label).length),
          spec,
        ).toEqual(spec === "Aliyun_AES_256" ? [1, 0, 0] : [0, 1, 1]);
      }
    });

    it("Precondition: the objects already under the label are of the KeySpec's kind", async () => {
      const identity = newIdentity("EC_P256");
      await hsm.driver.generateKey(identity);
      await expect(hsm.driver.generateKey({ ...identity, keySpec: "EC_P256K" })).rejects.toBeInstanceOf(
        InternalFailureError,
      );
      await expect(hsm.driver.generateKey({ ...identity, keySpec: "RSA_2048" })).rejects.toBeInstanceOf(
        InternalFailureError,
      );
    });

    it("Precondition: every part of an HSM label is a plain identifier without ':'", async () => {
      await expect(
        hsm.driver.generateKey({ ...newIdentity("Aliyun_AES_256"), keyId: "a:b" }),
      ).rejects.toBeInstanceOf(InvalidParameterError);
    });

    it("Precondition: an HSM key label has the form kw:<account>:<keyId>:<versionId>", async () => {
      for (const label of ["", "kw:a:b", "kw:a:b:c:private", "x:a:b:c"]) {
        await expect(hsm.driver.getPublicKey(label), label).rejects.toBeInstanceOf(InvalidParameterError);
      }
    });

    it.each(["Aliyun_SM4", "EC_SM2"] as const)(
      "refuses to generate %s keys, naming the missing mechanism",
      async (spec) => {
        const attempt = hsm.driver.generateKey(newIdentity(spec));
        await expect(attempt).rejects.toBeInstanceOf(RejectedUnsupportedOperationError);
        await expect(attempt).rejects.toThrow(/SM2\/SM4 mechanism/);
      },
    );

    it("Precondition: the session pool holds between 1 and 64 sessions", async () => {
      for (const sessionPoolSize of [0, 65, 1.5]) {
        await expect(Pkcs11Driver.open({ ...hsm.token, sessionPoolSize })).rejects.toBeInstanceOf(
          InvalidParameterError,
        );
      }
    });

    it("never opens more PKCS#11 sessions than the pool allows", async () => {
      const driver = await Pkcs11Driver.open({ ...hsm.token, sessionPoolSize: 2 });
      try {
        const { label } = await driver.generateKey(newIdentity("EC_P256"));
        const before = raw.module.C_GetTokenInfo(
          raw.module.C_GetSessionInfo(raw.session).slotID,
        ).sessionCount;
        let peak = 0;
        const sessionCount = () =>
          raw.module.C_GetTokenInfo(raw.module.C_GetSessionInfo(raw.session).slotID).sessionCount;
        await Promise.all(
          Array.from({ length: 40 }, async () => {
            await driver.sign(label, "ECDSA_SHA_256", new Uint8Array(32).fill(3));
            peak = Math.max(peak, sessionCount());
          }),
        );
        // The pool's two sessions, plus the ones that existed before (login sessions, the test's own, other pools).
        expect(peak).toBeLessThanOrEqual(before + 2);
        expect(peak).toBeGreaterThan(0);
      } finally {
        await driver.close();
      }
    });
  },
);
