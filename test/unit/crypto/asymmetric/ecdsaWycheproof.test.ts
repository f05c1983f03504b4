import { describe, expect, it } from "vitest";
import { ecSignatureFromRaw, verifyDigest } from "../../../../core/crypto/asymmetric";
import { InvalidParameterError } from "../../../../core/errors";
import { fromHex, loadVector, sha256, type WycheproofFile, type WycheproofTest } from "./support";

interface EcdsaGroup {
  readonly publicKeyPem: string;
  readonly sha: string;
  readonly tests: readonly (WycheproofTest & { msg: string; sig: string })[];
}

const CURVES = [
  ["secp256r1", "EC_P256"],
  ["secp256k1", "EC_P256K"],
] as const;

function casesOf(file: string) {
  const groups = loadVector<WycheproofFile<EcdsaGroup>>(`wycheproof/${file}`).testGroups;
  return groups.flatMap((group) => group.tests.map((test) => ({ group, test })));
}

describe.each(CURVES)(
  "Wycheproof ecdsa_%s_sha256 (DER) through verifyDigest(SHA-256(msg))",
  (curve, spec) => {
    const cases = casesOf(`ecdsa_${curve}_sha256_test.json`);

    it("uses SHA-256 groups only", () => {
      expect(new Set(cases.map(({ group }) => group.sha))).toEqual(new Set(["SHA-256"]));
    });

    it("accepts every valid signature, high-S included", () => {
      const valid = cases.filter(({ test }) => test.result === "valid");
      expect(valid.length).toBeGreaterThan(150);
      for (const { group, test } of valid) {
        const ok = verifyDigest(
          spec,
          "ECDSA_SHA_256",
          group.publicKeyPem,
          sha256(fromHex(test.msg)),
          fromHex(test.sig),
        );
        expect(ok, `tcId ${test.tcId} ${test.comment}`).toBe(true);
      }
    });

    it("refuses every invalid signature (BER, wrong ranges, bad r or s, ...)", () => {
      const invalid = cases.filter(({ test }) => test.result === "invalid");
      expect(invalid.length).toBeGreaterThan(250);
      for (const { group, test } of invalid) {
        const ok = verifyDigest(
          spec,
          "ECDSA_SHA_256",
          group.publicKeyPem,
          sha256(fromHex(test.msg)),
          fromHex(test.sig),
        );
        expect(ok, `tcId ${test.tcId} ${test.comment}`).toBe(false);
      }
    });
  },
);

describe.each(CURVES)(
  "Wycheproof ecdsa_%s_sha256_p1363 (raw r‖s) through ecSignatureFromRaw",
  (curve, spec) => {
    const cases = casesOf(`ecdsa_${curve}_sha256_p1363_test.json`);

    const verifyRaw = ({ group, test }: (typeof cases)[number]): boolean => {
      let der: Uint8Array;
      try {
        der = ecSignatureFromRaw(spec, fromHex(test.sig));
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidParameterError);
        return false;
      }
      return verifyDigest(spec, "ECDSA_SHA_256", group.publicKeyPem, sha256(fromHex(test.msg)), der);
    };

    it("converts every valid raw signature to a DER signature that verifies", () => {
      const valid = cases.filter(({ test }) => test.result === "valid");
      expect(valid.length).toBeGreaterThan(150);
      for (const testCase of valid) expect(verifyRaw(testCase), `tcId ${testCase.test.tcId}`).toBe(true);
    });

    it("refuses every invalid raw signature, in conversion or in verification", () => {
      const invalid = cases.filter(({ test }) => test.result === "invalid");
      expect(invalid.length).toBeGreaterThan(80);
      for (const testCase of invalid) {
        expect(verifyRaw(testCase), `tcId ${testCase.test.tcId} ${testCase.test.comment}`).toBe(false);
      }
    });
  },
);
