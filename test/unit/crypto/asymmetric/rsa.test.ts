import {
  constants,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  sign,
  verify,
} from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  asymmetricDecrypt,
  asymmetricEncrypt,
  generateKeyPair,
  signDigest,
  verifyDigest,
} from "../../../../core/crypto/asymmetric";
import { loadRsaPrivateKey } from "../../../../core/crypto/asymmetric/rsaKeys";
import { InternalFailureError, InvalidCiphertextError, InvalidParameterError } from "../../../../core/errors";
import type { SigningAlgorithm } from "../../../../core/keys/types";
import { flipBit, sha256 } from "./support";

const SPECS = [
  ["RSA_2048", 256],
  ["RSA_3072", 384],
] as const;
const keys: Record<string, { privateKey: Uint8Array; publicKeyPem: string }> = {};

beforeAll(async () => {
  const [k2048, k3072] = await Promise.all([generateKeyPair("RSA_2048"), generateKeyPair("RSA_3072")]);
  keys.RSA_2048 = k2048;
  keys.RSA_3072 = k3072;
});

const keyOf = (spec: string) => {
  const key = keys[spec];
  if (!key) throw new Error(`no key for ${spec}`);
  return key;
};

/** node:crypto's own verifier, given only the exported PEM, as a user checks a signature offline. */
function nodeVerifies(algorithm: SigningAlgorithm, pem: string, message: Uint8Array, signature: Uint8Array) {
  const key =
    algorithm === "RSA_PSS_SHA_256"
      ? { key: pem, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : { key: pem, padding: constants.RSA_PKCS1_PADDING };
  return verify("sha256", message, key, signature);
}

describe.each(SPECS)("%s", (spec, k) => {
  it("generates a key of the spec's size with exponent 65537, public key as PEM SPKI", () => {
    const { privateKey, publicKeyPem } = keyOf(spec);
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const details = createPublicKey(publicKeyPem).asymmetricKeyDetails;
    expect(details?.modulusLength).toBe(k * 8);
    expect(details?.publicExponent).toBe(65537n);
    const fromMaterial = createPublicKey(
      createPrivateKey({ key: Buffer.from(privateKey), format: "der", type: "pkcs8" }),
    );
    expect(fromMaterial.export({ type: "spki", format: "pem" })).toBe(publicKeyPem);
  });

  it.each(["RSA_PSS_SHA_256", "RSA_PKCS1_SHA_256"] as const)(
    "%s signatures over a given digest are raw k bytes that node verifies from the PEM alone",
    (algorithm) => {
      const { privateKey, publicKeyPem } = keyOf(spec);
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), (message) => {
          const signature = signDigest(spec, algorithm, privateKey, sha256(message));
          expect(signature).toHaveLength(k);
          expect(nodeVerifies(algorithm, publicKeyPem, message, signature)).toBe(true);
          expect(verifyDigest(spec, algorithm, publicKeyPem, sha256(message), signature)).toBe(true);
        }),
        { numRuns: 5 },
      );
    },
  );

  it("verifies node's own PSS (salt 32) and PKCS#1 signatures", () => {
    const { privateKey, publicKeyPem } = keyOf(spec);
    const key = createPrivateKey({ key: Buffer.from(privateKey), format: "der", type: "pkcs8" });
    const message = Buffer.from("signed by node");
    const pss = sign("sha256", message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    const pkcs1 = sign("sha256", message, key);
    expect(verifyDigest(spec, "RSA_PSS_SHA_256", publicKeyPem, sha256(message), pss)).toBe(true);
    expect(verifyDigest(spec, "RSA_PKCS1_SHA_256", publicKeyPem, sha256(message), pkcs1)).toBe(true);
    // One scheme's signature is not the other's; PSS with another salt length is another algorithm.
    expect(verifyDigest(spec, "RSA_PKCS1_SHA_256", publicKeyPem, sha256(message), pss)).toBe(false);
    expect(verifyDigest(spec, "RSA_PSS_SHA_256", publicKeyPem, sha256(message), pkcs1)).toBe(false);
    const salt20 = sign("sha256", message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 });
    expect(verifyDigest(spec, "RSA_PSS_SHA_256", publicKeyPem, sha256(message), salt20)).toBe(false);
  });

  it.each(["RSA_PSS_SHA_256", "RSA_PKCS1_SHA_256"] as const)(
    "%s: any flipped bit fails verification",
    (algorithm) => {
      const { privateKey, publicKeyPem } = keyOf(spec);
      const digest = sha256(Buffer.from("flip me"));
      const signature = signDigest(spec, algorithm, privateKey, digest);
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: k * 8 - 1 }),
          fc.integer({ min: 0, max: 255 }),
          (bit, digestBit) => {
            expect(verifyDigest(spec, algorithm, publicKeyPem, digest, flipBit(signature, bit))).toBe(false);
            expect(verifyDigest(spec, algorithm, publicKeyPem, flipBit(digest, digestBit), signature)).toBe(
              false,
            );
          },
        ),
        { numRuns: 30 },
      );
    },
  );

  it("Precondition: a signature is exactly k bytes (RFC 8017 section 8.1.2 step 1).", () => {
    const { privateKey, publicKeyPem } = keyOf(spec);
    const digest = sha256(Uint8Array.of(1));
    const signature = signDigest(spec, "RSA_PKCS1_SHA_256", privateKey, digest);
    const padded = Uint8Array.from([0, ...signature]);
    expect(verifyDigest(spec, "RSA_PKCS1_SHA_256", publicKeyPem, digest, padded)).toBe(false);
    expect(verifyDigest(spec, "RSA_PKCS1_SHA_256", publicKeyPem, digest, signature.subarray(1))).toBe(false);
    expect(verifyDigest(spec, "RSA_PKCS1_SHA_256", publicKeyPem, digest, new Uint8Array(k).fill(0xff))).toBe(
      false,
    );
  });

  it.each([
    ["RSAES_OAEP_SHA_256", "sha256", k - 66],
    ["RSAES_OAEP_SHA_1", "sha1", k - 42],
  ] as const)("%s round trips, and interoperates with node both ways", (algorithm, oaepHash, max) => {
    const { privateKey, publicKeyPem } = keyOf(spec);
    const nodeKey = createPrivateKey({ key: Buffer.from(privateKey), format: "der", type: "pkcs8" });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: max }), (plaintext) => {
        const ciphertext = asymmetricEncrypt(spec, algorithm, publicKeyPem, plaintext);
        expect(ciphertext).toHaveLength(k);
        expect(asymmetricDecrypt(spec, algorithm, privateKey, ciphertext)).toEqual(plaintext);
        const opened = privateDecrypt(
          { key: nodeKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
          ciphertext,
        );
        expect(new Uint8Array(opened)).toEqual(plaintext);
        const theirs = publicEncrypt(
          { key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
          plaintext,
        );
        expect(asymmetricDecrypt(spec, algorithm, privateKey, theirs)).toEqual(plaintext);
      }),
      { numRuns: 5 },
    );
    expect(
      asymmetricDecrypt(
        spec,
        algorithm,
        privateKey,
        asymmetricEncrypt(spec, algorithm, publicKeyPem, new Uint8Array(max)),
      ),
    ).toHaveLength(max);
  });

  it("Precondition: the plaintext holds 1 to maxPlaintextBytes bytes.", () => {
    const { publicKeyPem } = keyOf(spec);
    expect(() => asymmetricEncrypt(spec, "RSAES_OAEP_SHA_256", publicKeyPem, new Uint8Array(k - 65))).toThrow(
      /Plaintext/,
    );
    expect(() => asymmetricEncrypt(spec, "RSAES_OAEP_SHA_1", publicKeyPem, new Uint8Array(k - 41))).toThrow(
      InvalidParameterError,
    );
    expect(() => asymmetricEncrypt(spec, "RSAES_OAEP_SHA_256", publicKeyPem, new Uint8Array(0))).toThrow(
      /Plaintext/,
    );
  });

  it("Precondition: an RSA ciphertext is exactly k bytes long (RFC 8017 section 7.1.2 step 1b).", () => {
    const { privateKey, publicKeyPem } = keyOf(spec);
    const ciphertext = asymmetricEncrypt(spec, "RSAES_OAEP_SHA_256", publicKeyPem, Uint8Array.of(1));
    for (const wrong of [ciphertext.subarray(1), Uint8Array.from([0, ...ciphertext]), new Uint8Array(0)]) {
      expect(() => asymmetricDecrypt(spec, "RSAES_OAEP_SHA_256", privateKey, wrong)).toThrow(
        InvalidCiphertextError,
      );
    }
  });

  it("a flipped ciphertext bit, the other hash, or a value above the modulus is InvalidCiphertext", () => {
    const { privateKey, publicKeyPem } = keyOf(spec);
    const ciphertext = asymmetricEncrypt(spec, "RSAES_OAEP_SHA_256", publicKeyPem, Uint8Array.of(1, 2, 3));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: k * 8 - 1 }), (bit) => {
        expect(() =>
          asymmetricDecrypt(spec, "RSAES_OAEP_SHA_256", privateKey, flipBit(ciphertext, bit)),
        ).toThrow(InvalidCiphertextError);
      }),
      { numRuns: 20 },
    );
    expect(() => asymmetricDecrypt(spec, "RSAES_OAEP_SHA_1", privateKey, ciphertext)).toThrow(
      InvalidCiphertextError,
    );
    expect(() =>
      asymmetricDecrypt(spec, "RSAES_OAEP_SHA_256", privateKey, new Uint8Array(k).fill(0xff)),
    ).toThrow(InvalidCiphertextError);
  });

  it("Precondition: the material is PKCS#8 version 0 of an rsaEncryption key.", async () => {
    const material = Uint8Array.from(keyOf(spec).privateKey);
    expect(Array.from(material.subarray(4, 7))).toEqual([2, 1, 0]);
    material[6] = 1;
    expect(() => loadRsaPrivateKey(spec, material)).toThrow(InternalFailureError);
    const ec = await generateKeyPair("EC_P256");
    expect(() => loadRsaPrivateKey(spec, ec.privateKey)).toThrow(InternalFailureError);
    expect(loadRsaPrivateKey(spec, keyOf(spec).privateKey).type).toBe("private");
  });

  it("Precondition: the material is an RSA key with the KeySpec's modulus size.", () => {
    const other = spec === "RSA_2048" ? "RSA_3072" : "RSA_2048";
    expect(() => loadRsaPrivateKey(other, keyOf(spec).privateKey)).toThrow(InternalFailureError);
    expect(() => loadRsaPrivateKey(spec, Uint8Array.of(0x30, 0))).toThrow(InternalFailureError);
    expect(() => loadRsaPrivateKey(spec, new Uint8Array(0))).toThrow(InternalFailureError);
    expect(() => signDigest(other, "RSA_PSS_SHA_256", keyOf(spec).privateKey, new Uint8Array(32))).toThrow(
      InternalFailureError,
    );
  });
});

describe("algorithm and digest checks", () => {
  it("Precondition: the digest is exactly as long as the algorithm's hash (SHA-256 or SM3: 32 bytes).", () => {
    const { privateKey, publicKeyPem } = keyOf("RSA_2048");
    for (const size of [0, 20, 31, 33, 64]) {
      expect(() => signDigest("RSA_2048", "RSA_PSS_SHA_256", privateKey, new Uint8Array(size))).toThrow(
        /Digest/,
      );
      expect(() =>
        verifyDigest(
          "RSA_2048",
          "RSA_PKCS1_SHA_256",
          publicKeyPem,
          new Uint8Array(size),
          new Uint8Array(256),
        ),
      ).toThrow(/Digest/);
    }
  });

  it("refuses an algorithm the KeySpec does not offer", () => {
    const { privateKey, publicKeyPem } = keyOf("RSA_2048");
    expect(() => signDigest("RSA_2048", "ECDSA_SHA_256", privateKey, new Uint8Array(32))).toThrow(
      /Algorithm/,
    );
    expect(() => asymmetricEncrypt("RSA_2048", "SM2PKE", publicKeyPem, Uint8Array.of(1))).toThrow(
      /Algorithm/,
    );
    expect(() =>
      asymmetricDecrypt("Aliyun_AES_256", "RSAES_OAEP_SHA_1", privateKey, new Uint8Array(256)),
    ).toThrow(InvalidParameterError);
  });
});
