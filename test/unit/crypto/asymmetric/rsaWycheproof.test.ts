import { describe, expect, it } from "vitest";
import { asymmetricDecrypt, verifyDigest } from "../../../../core/crypto/asymmetric";
import { InvalidCiphertextError } from "../../../../core/errors";
import type { EncryptionAlgorithm, SigningAlgorithm } from "../../../../core/keys/types";
import { fromHex, loadVector, sha256, type WycheproofFile, type WycheproofTest } from "./support";

interface OaepGroup {
  readonly keySize: number;
  readonly privateKeyPkcs8: string;
  readonly tests: readonly (WycheproofTest & { msg: string; ct: string; label: string })[];
}
interface SignatureGroup {
  readonly keySize: number;
  readonly publicKeyPem: string;
  readonly tests: readonly (WycheproofTest & { msg: string; sig: string })[];
}

const specOf = (bits: number) => (bits === 2048 ? "RSA_2048" : "RSA_3072");

const OAEP_FILES: readonly [string, EncryptionAlgorithm][] = [
  ["rsa_oaep_2048_sha1_mgf1sha1_test.json", "RSAES_OAEP_SHA_1"],
  ["rsa_oaep_2048_sha256_mgf1sha256_test.json", "RSAES_OAEP_SHA_256"],
  ["rsa_oaep_3072_sha256_mgf1sha256_test.json", "RSAES_OAEP_SHA_256"],
];

describe.each(OAEP_FILES)("Wycheproof %s through asymmetricDecrypt", (file, algorithm) => {
  const groups = loadVector<WycheproofFile<OaepGroup>>(`wycheproof/${file}`).testGroups;
  const cases = groups.flatMap((group) => group.tests.map((test) => ({ group, test })));

  it("has the expected key sizes and a non-trivial set of cases", () => {
    expect(cases.length).toBeGreaterThan(30);
    expect(groups.every((group) => group.keySize === 2048 || group.keySize === 3072)).toBe(true);
  });

  it("decrypts every valid case with an empty label to its message", () => {
    const valid = cases.filter(({ test }) => test.result === "valid" && test.label === "");
    expect(valid.length).toBeGreaterThanOrEqual(10);
    for (const { group, test } of valid) {
      const plaintext = asymmetricDecrypt(
        specOf(group.keySize),
        algorithm,
        fromHex(group.privateKeyPkcs8),
        fromHex(test.ct),
      );
      expect(Buffer.from(plaintext).toString("hex"), `tcId ${test.tcId}`).toBe(test.msg);
    }
  });

  it("refuses valid cases made with a label (Keyward's label is empty) as InvalidCiphertext", () => {
    const labelled = cases.filter(({ test }) => test.result === "valid" && test.label !== "");
    expect(labelled.length).toBeGreaterThan(0);
    for (const { group, test } of labelled) {
      expect(
        () =>
          asymmetricDecrypt(
            specOf(group.keySize),
            algorithm,
            fromHex(group.privateKeyPkcs8),
            fromHex(test.ct),
          ),
        `tcId ${test.tcId}`,
      ).toThrow(InvalidCiphertextError);
    }
  });

  it("refuses every invalid case as InvalidCiphertext", () => {
    const invalid = cases.filter(({ test }) => test.result === "invalid");
    expect(invalid.length).toBeGreaterThan(10);
    for (const { group, test } of invalid) {
      expect(
        () =>
          asymmetricDecrypt(
            specOf(group.keySize),
            algorithm,
            fromHex(group.privateKeyPkcs8),
            fromHex(test.ct),
          ),
        `tcId ${test.tcId} ${test.comment}`,
      ).toThrow(InvalidCiphertextError);
    }
  });
});

const SIGNATURE_FILES: readonly [string, SigningAlgorithm][] = [
  ["rsa_pss_2048_sha256_mgf1_32_test.json", "RSA_PSS_SHA_256"],
  ["rsa_pss_3072_sha256_mgf1_32_test.json", "RSA_PSS_SHA_256"],
  ["rsa_signature_2048_sha256_test.json", "RSA_PKCS1_SHA_256"],
  ["rsa_signature_3072_sha256_test.json", "RSA_PKCS1_SHA_256"],
];

describe.each(SIGNATURE_FILES)("Wycheproof %s through verifyDigest(SHA-256(msg))", (file, algorithm) => {
  const groups = loadVector<WycheproofFile<SignatureGroup>>(`wycheproof/${file}`).testGroups;
  const cases = groups.flatMap((group) => group.tests.map((test) => ({ group, test })));
  const verify = ({ group, test }: (typeof cases)[number]) =>
    verifyDigest(
      specOf(group.keySize),
      algorithm,
      group.publicKeyPem,
      sha256(fromHex(test.msg)),
      fromHex(test.sig),
    );

  it("accepts every valid signature", () => {
    const valid = cases.filter(({ test }) => test.result === "valid");
    expect(valid.length).toBeGreaterThan(5);
    for (const testCase of valid) expect(verify(testCase), `tcId ${testCase.test.tcId}`).toBe(true);
  });

  it("refuses every invalid signature", () => {
    const invalid = cases.filter(({ test }) => test.result === "invalid");
    expect(invalid.length).toBeGreaterThan(40);
    for (const testCase of invalid) {
      expect(verify(testCase), `tcId ${testCase.test.tcId} ${testCase.test.comment}`).toBe(false);
    }
  });

  it("refuses the 'acceptable' DigestInfo without NULL parameters (Keyward compares the whole encoding)", () => {
    for (const testCase of cases.filter(({ test }) => test.result === "acceptable")) {
      expect(testCase.test.flags).toContain("MissingNull");
      expect(verify(testCase)).toBe(false);
    }
  });
});
