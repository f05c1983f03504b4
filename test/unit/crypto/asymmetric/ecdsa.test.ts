import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ecSignatureFromRaw,
  ecSignatureToRaw,
  generateKeyPair,
  signDigest,
  verifyDigest,
} from "../../../../core/crypto/asymmetric";
import { bigIntToBytes, bytesToBigInt } from "../../../../core/crypto/asymmetric/bigIntBytes";
import { EC_CURVES } from "../../../../core/crypto/asymmetric/ecCurves";
import { decodeEcSignature } from "../../../../core/crypto/asymmetric/ecdsaSignature";
import { decodeEcPrivateKey, encodeEcPrivateKey } from "../../../../core/crypto/asymmetric/ecPrivateKey";
import { readEcPublicKey } from "../../../../core/crypto/asymmetric/ecPublicKey";
import { InternalFailureError, InvalidParameterError } from "../../../../core/errors";
import { flipBit, sha256 } from "./support";

const SPECS = ["EC_P256", "EC_P256K"] as const;
const keys: Record<string, { privateKey: Uint8Array; publicKeyPem: string }> = {};

beforeAll(async () => {
  for (const spec of [...SPECS, "EC_SM2"] as const) keys[spec] = await generateKeyPair(spec);
});

const keyOf = (spec: string) => {
  const key = keys[spec];
  if (!key) throw new Error(`no key for ${spec}`);
  return key;
};

const sOf = (spec: (typeof SPECS)[number], der: Uint8Array) =>
  decodeEcSignature(EC_CURVES[spec], der, () => new InternalFailureError()).s;

describe.each(SPECS)("%s ECDSA_SHA_256", (spec) => {
  const curve = EC_CURVES[spec];

  it("the private material is PKCS#8 that node reads, matching the PEM public key", () => {
    const { privateKey, publicKeyPem } = keyOf(spec);
    const nodeKey = createPrivateKey({ key: Buffer.from(privateKey), format: "der", type: "pkcs8" });
    expect(nodeKey.asymmetricKeyDetails?.namedCurve).toBe(curve.nodeName);
    expect(createPublicKey(nodeKey).export({ type: "spki", format: "pem" })).toBe(publicKeyPem);
  });

  it("signs a given digest with DER signatures that node verifies over the message from the PEM alone", () => {
    const { privateKey, publicKeyPem } = keyOf(spec);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (message) => {
        const signature = signDigest(spec, "ECDSA_SHA_256", privateKey, sha256(message));
        expect(signature[0]).toBe(0x30);
        expect(verify("sha256", message, publicKeyPem, signature)).toBe(true);
        expect(verifyDigest(spec, "ECDSA_SHA_256", publicKeyPem, sha256(message), signature)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it("verifies node's signatures, high-S or low-S", () => {
    const { privateKey, publicKeyPem } = keyOf(spec);
    const nodeKey = createPrivateKey({ key: Buffer.from(privateKey), format: "der", type: "pkcs8" });
    let highS = 0;
    for (let i = 0; i < 40; i++) {
      const message = Buffer.from(`message ${i}`);
      const signature = sign("sha256", message, nodeKey);
      if (sOf(spec, signature) > curve.n >> 1n) highS++;
      expect(verifyDigest(spec, "ECDSA_SHA_256", publicKeyPem, sha256(message), signature)).toBe(true);
    }
    expect(highS).toBeGreaterThan(0);
  });

  it("signatures over the same digest differ (random nonces) and all verify", () => {
    const { privateKey, publicKeyPem } = keyOf(spec);
    const digest = sha256(Buffer.from("same"));
    const a = signDigest(spec, "ECDSA_SHA_256", privateKey, digest);
    const b = signDigest(spec, "ECDSA_SHA_256", privateKey, digest);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(verifyDigest(spec, "ECDSA_SHA_256", publicKeyPem, digest, b)).toBe(true);
  });

  it("any flipped signature or digest bit fails verification", () => {
    const { privateKey, publicKeyPem } = keyOf(spec);
    const digest = sha256(Buffer.from("flip"));
    const signature = signDigest(spec, "ECDSA_SHA_256", privateKey, digest);
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 255 }), (bit, digestBit) => {
        const flipped = flipBit(signature, bit % (signature.length * 8));
        expect(verifyDigest(spec, "ECDSA_SHA_256", publicKeyPem, digest, flipped)).toBe(false);
        expect(verifyDigest(spec, "ECDSA_SHA_256", publicKeyPem, flipBit(digest, digestBit), signature)).toBe(
          false,
        );
      }),
      { numRuns: 40 },
    );
  });

  it("raw r‖s and DER convert both ways", () => {
    const { privateKey, publicKeyPem } = keyOf(spec);
    const digest = sha256(Buffer.from("raw"));
    const der = signDigest(spec, "ECDSA_SHA_256", privateKey, digest);
    const raw = ecSignatureToRaw(spec, der);
    expect(raw).toHaveLength(64);
    expect(verify("sha256", Buffer.from("raw"), { key: publicKeyPem, dsaEncoding: "ieee-p1363" }, raw)).toBe(
      true,
    );
    expect(Buffer.from(ecSignatureFromRaw(spec, raw)).equals(Buffer.from(der))).toBe(true);
  });

  it("Precondition: a raw signature is r and s of the curve's size, concatenated.", () => {
    for (const size of [0, 63, 65, 128]) {
      expect(() => ecSignatureFromRaw(spec, new Uint8Array(size).fill(1))).toThrow(InvalidParameterError);
    }
    const n = bigIntToBytes(curve.n, 32);
    expect(() => ecSignatureFromRaw(spec, Uint8Array.from([...n, ...bigIntToBytes(1n, 32)]))).toThrow(
      /Signature/,
    );
    expect(() => ecSignatureFromRaw(spec, new Uint8Array(64))).toThrow(/Signature/);
    expect(() => ecSignatureToRaw(spec, Uint8Array.of(0x30, 0))).toThrow(/Signature/);
  });

  it("Precondition: r and s lie in [1, n-1].", () => {
    const { publicKeyPem } = keyOf(spec);
    const digest = sha256(Buffer.from("range"));
    const n = curve.n.toString(16).padStart(66, "0");
    const one = "01";
    const der = (r: string, s: string) =>
      Buffer.from(
        `30${(4 + (r.length + s.length) / 2).toString(16)}02${(r.length / 2).toString(16).padStart(2, "0")}${r}02${(s.length / 2).toString(16).padStart(2, "0")}${s}`,
        "hex",
      );
    expect(verifyDigest(spec, "ECDSA_SHA_256", publicKeyPem, digest, der(n, one))).toBe(false);
    expect(verifyDigest(spec, "ECDSA_SHA_256", publicKeyPem, digest, der(one, n))).toBe(false);
    expect(verifyDigest(spec, "ECDSA_SHA_256", publicKeyPem, digest, der("00", one))).toBe(false);
  });

  it("the digest is 32 bytes", () => {
    const { privateKey } = keyOf(spec);
    expect(() => signDigest(spec, "ECDSA_SHA_256", privateKey, new Uint8Array(48))).toThrow(/Digest/);
  });
});

describe("EC_P256K low-S (DESIGN section 1a)", () => {
  it("every signature Keyward makes has s <= n/2", () => {
    const { privateKey, publicKeyPem } = keyOf("EC_P256K");
    const half = EC_CURVES.EC_P256K.n >> 1n;
    for (let i = 0; i < 60; i++) {
      const digest = sha256(Buffer.from(`k1 ${i}`));
      const signature = signDigest("EC_P256K", "ECDSA_SHA_256", privateKey, digest);
      expect(sOf("EC_P256K", signature) <= half).toBe(true);
      expect(verify("sha256", Buffer.from(`k1 ${i}`), publicKeyPem, signature)).toBe(true);
    }
  });

  it("raw high-S signatures are normalised on conversion; P-256 ones are kept", () => {
    const r = bigIntToBytes(5n, 32);
    const high = bigIntToBytes(EC_CURVES.EC_P256K.n - 7n, 32);
    const k1 = decodeEcSignature(
      EC_CURVES.EC_P256K,
      ecSignatureFromRaw("EC_P256K", Uint8Array.from([...r, ...high])),
      () => new InternalFailureError(),
    );
    expect(k1.s).toBe(7n);
    const highP256 = bigIntToBytes(EC_CURVES.EC_P256.n - 7n, 32);
    const p = ecSignatureToRaw(
      "EC_P256",
      ecSignatureFromRaw("EC_P256", Uint8Array.from([...r, ...highP256])),
    );
    expect(bytesToBigInt(p.subarray(32))).toBe(EC_CURVES.EC_P256.n - 7n);
  });
});

describe("key material checks", () => {
  it("Precondition: PKCS#8 version 0 with id-ecPublicKey on the key's own curve.", () => {
    const digest = new Uint8Array(32);
    expect(() => signDigest("EC_P256", "ECDSA_SHA_256", keyOf("EC_P256K").privateKey, digest)).toThrow(
      InternalFailureError,
    );
    expect(() => signDigest("EC_SM2", "SM2DSA", keyOf("EC_P256").privateKey, digest)).toThrow(
      InternalFailureError,
    );
    const versionOne = Uint8Array.from(keyOf("EC_P256").privateKey);
    const versionAt = versionOne.indexOf(0x02) + 2;
    expect(Array.from(versionOne.subarray(versionAt - 2, versionAt + 1))).toEqual([2, 1, 0]);
    versionOne[versionAt] = 1;
    expect(() => signDigest("EC_P256", "ECDSA_SHA_256", versionOne, digest)).toThrow(InternalFailureError);
  });

  it("Precondition: the scalar has the curve's size and lies in [1, n-1] (RFC 5915 section 3).", () => {
    const digest = new Uint8Array(32);
    for (const spec of ["EC_P256", "EC_P256K", "EC_SM2"] as const) {
      const curve = EC_CURVES[spec];
      const point = readEcPublicKey(spec, keyOf(spec).publicKeyPem, () => new InternalFailureError());
      const algorithm = spec === "EC_SM2" ? "SM2DSA" : "ECDSA_SHA_256";
      for (const scalar of [new Uint8Array(32), bigIntToBytes(curve.n, 32), new Uint8Array(31).fill(1)]) {
        const material = encodeEcPrivateKey(curve, scalar, point);
        expect(() => signDigest(spec, algorithm, material, digest)).toThrow(InternalFailureError);
      }
      const valid = encodeEcPrivateKey(curve, bigIntToBytes(curve.n - 1n, 32), point);
      expect(decodeEcPrivateKey(curve, valid)).toHaveLength(32);
    }
  });

  it("Precondition: the key is an EC key on the KeySpec's curve.", () => {
    const digest = new Uint8Array(32);
    const signature = signDigest("EC_P256", "ECDSA_SHA_256", keyOf("EC_P256").privateKey, digest);
    expect(() =>
      verifyDigest("EC_P256K", "ECDSA_SHA_256", keyOf("EC_P256").publicKeyPem, digest, signature),
    ).toThrow(InternalFailureError);
    expect(() => verifyDigest("EC_SM2", "SM2DSA", keyOf("EC_P256").publicKeyPem, digest, signature)).toThrow(
      InternalFailureError,
    );
  });
});
