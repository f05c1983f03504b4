import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import pkcs11js, { type Template } from "pkcs11js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidCiphertextError } from "../../../core/errors";
import type { SigningAlgorithm } from "../../../core/keys/types";
import { hsmTestsEnabled, openRawSession, type RawSoftHsmSession } from "../../support/softhsm";
import { openSoftHsmFixture, type SoftHsmFixture } from "./softHsmFixture";

// Project Wycheproof vectors (test/vectors/wycheproof/README.md names the source and licence) run through the HSM
// path: keys of known value imported next to Keyward's own, then the driver's decrypt and verify.

interface WycheproofTest {
  tcId: number;
  msg: string;
  ct?: string;
  sig?: string;
  label?: string;
  result: "valid" | "invalid" | "acceptable";
}

function load(file: string): { testGroups: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(`test/vectors/wycheproof/${file}`, "utf8"));
}

const big = (hex: string) => Buffer.from(hex.replace(/^(00)+(?=..)/, ""), "hex");
const sha256 = (hex: string) => new Uint8Array(createHash("sha256").update(Buffer.from(hex, "hex")).digest());
const CURVE_PARAMS: Record<string, string> = {
  secp256r1: "06082a8648ce3d030107",
  secp256k1: "06052b8104000a",
};

describe.skipIf(!hsmTestsEnabled("Wycheproof through the HSM path"))(
  "Wycheproof through the HSM driver (SoftHSM)",
  () => {
    let hsm: SoftHsmFixture;
    let raw: RawSoftHsmSession;
    let imported = 0;

    beforeAll(async () => {
      hsm = await openSoftHsmFixture();
      raw = openRawSession(hsm.token);
    });
    afterAll(async () => {
      raw?.close();
      await hsm?.close();
    });

    /** Imports a key half of known value under a fresh Keyward label; returns the label. */
    function importKey(role: "private" | "public", attributes: Template): string {
      imported += 1;
      const label = `kw:wycheproof:key${imported}:v1`;
      raw.create([
        {
          type: pkcs11js.CKA_CLASS,
          value: role === "private" ? pkcs11js.CKO_PRIVATE_KEY : pkcs11js.CKO_PUBLIC_KEY,
        },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_LABEL, value: `${label}:${role}` },
        ...attributes,
      ]);
      return label;
    }

    async function verifyAll(
      file: string,
      algorithm: SigningAlgorithm,
      key: (group: Record<string, unknown>) => Template,
    ) {
      let checked = 0;
      for (const group of load(file).testGroups) {
        const label = importKey("public", [...key(group), { type: pkcs11js.CKA_VERIFY, value: true }]);
        for (const test of group.tests as WycheproofTest[]) {
          if (test.result === "acceptable") continue;
          const valid = await hsm.driver.verify(
            label,
            algorithm,
            sha256(test.msg),
            Buffer.from(test.sig!, "hex"),
          );
          expect(valid, `${file} tcId ${test.tcId}`).toBe(test.result === "valid");
          checked += 1;
        }
      }
      return checked;
    }

    const rsaPublic = (group: Record<string, unknown>): Template => {
      const key = group.publicKey as { modulus: string; publicExponent: string };
      return [
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_RSA },
        { type: pkcs11js.CKA_MODULUS, value: big(key.modulus) },
        { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: big(key.publicExponent) },
      ];
    };

    const ecPublic = (group: Record<string, unknown>): Template => {
      const key = group.publicKey as { curve: string; uncompressed: string };
      return [
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
        { type: pkcs11js.CKA_EC_PARAMS, value: Buffer.from(CURVE_PARAMS[key.curve]!, "hex") },
        { type: pkcs11js.CKA_EC_POINT, value: Buffer.from(`0441${key.uncompressed}`, "hex") },
      ];
    };

    it("RSAES_OAEP_SHA_1 (rsa_oaep_2048_sha1_mgf1sha1): valid cases decrypt, the rest are InvalidCiphertextError", async () => {
      const [group] = load("rsa_oaep_2048_sha1_mgf1sha1_test.json").testGroups;
      const key = group!.privateKey as Record<string, string>;
      const label = importKey("private", [
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_RSA },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_DECRYPT, value: true },
        { type: pkcs11js.CKA_MODULUS, value: big(key.modulus!) },
        { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: big(key.publicExponent!) },
        { type: pkcs11js.CKA_PRIVATE_EXPONENT, value: big(key.privateExponent!) },
        { type: pkcs11js.CKA_PRIME_1, value: big(key.prime1!) },
        { type: pkcs11js.CKA_PRIME_2, value: big(key.prime2!) },
        { type: pkcs11js.CKA_EXPONENT_1, value: big(key.exponent1!) },
        { type: pkcs11js.CKA_EXPONENT_2, value: big(key.exponent2!) },
        { type: pkcs11js.CKA_COEFFICIENT, value: big(key.coefficient!) },
      ]);
      let opened = 0;
      for (const test of group!.tests as WycheproofTest[]) {
        const attempt = hsm.driver.asymmetricDecrypt(label, "RSAES_OAEP_SHA_1", Buffer.from(test.ct!, "hex"));
        // Keyward's OAEP label is always empty: a case made with another label must not open either.
        if (test.result === "valid" && !test.label) {
          expect(Buffer.from(await attempt).toString("hex"), `tcId ${test.tcId}`).toBe(test.msg);
          opened += 1;
        } else {
          await expect(attempt, `tcId ${test.tcId}`).rejects.toBeInstanceOf(InvalidCiphertextError);
        }
      }
      expect(opened).toBeGreaterThanOrEqual(10);
    });

    it("RSA_PKCS1_SHA_256 and RSA_PSS_SHA_256 verification agree with Wycheproof", async () => {
      expect(
        await verifyAll("rsa_signature_2048_sha256_test.json", "RSA_PKCS1_SHA_256", rsaPublic),
      ).toBeGreaterThan(200);
      expect(
        await verifyAll("rsa_pss_2048_sha256_mgf1_32_test.json", "RSA_PSS_SHA_256", rsaPublic),
      ).toBeGreaterThan(100);
    });

    it("ECDSA_SHA_256 verification of DER signatures agrees with Wycheproof on P-256 and secp256k1", async () => {
      expect(await verifyAll("ecdsa_secp256r1_sha256_test.json", "ECDSA_SHA_256", ecPublic)).toBeGreaterThan(
        400,
      );
      expect(await verifyAll("ecdsa_secp256k1_sha256_test.json", "ECDSA_SHA_256", ecPublic)).toBeGreaterThan(
        400,
      );
    });
  },
);
