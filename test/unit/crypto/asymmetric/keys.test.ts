import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { generateKeyPair, parsePublicKey } from "../../../../core/crypto/asymmetric";
import { DerReader } from "../../../../core/crypto/asymmetric/DerReader";
import { derBitString, derOid, derSequence } from "../../../../core/crypto/asymmetric/derEncode";
import { OID_HEX } from "../../../../core/crypto/asymmetric/ecCurves";
import { InternalFailureError, InvalidParameterError } from "../../../../core/errors";
import { KEY_SPECS, type KeySpec } from "../../../../core/keys/types";

const ASYMMETRIC: readonly KeySpec[] = ["RSA_2048", "RSA_3072", "EC_P256", "EC_P256K", "EC_SM2"];
const pems: Partial<Record<KeySpec, string>> = {};
const pemOf = (spec: KeySpec) => pems[spec] ?? "";

beforeAll(async () => {
  for (const spec of ASYMMETRIC) pems[spec] = (await generateKeyPair(spec)).publicKeyPem;
});

const base64Der = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, "");
const spkiDer = (pem: string) => new Uint8Array(Buffer.from(base64Der(pem), "base64"));
const toPem = (der: Uint8Array) =>
  `-----BEGIN PUBLIC KEY-----\n${(
    Buffer.from(der)
      .toString("base64")
      .match(/.{1,64}/g) ?? []
  ).join("\n")}\n-----END PUBLIC KEY-----\n`;
const refused = (spec: KeySpec, text: string) => () => parsePublicKey(spec, text);

describe("generateKeyPair", () => {
  it.each(ASYMMETRIC)("%s: PEM SubjectPublicKeyInfo that node reads, PKCS#8 material", async (spec) => {
    const { privateKey, publicKeyPem } = await generateKeyPair(spec);
    expect(publicKeyPem).toMatch(
      /^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END PUBLIC KEY-----\n$/,
    );
    expect(createPublicKey(publicKeyPem).type).toBe("public");
    expect(createPrivateKey({ key: Buffer.from(privateKey), format: "der", type: "pkcs8" }).type).toBe(
      "private",
    );
    expect(parsePublicKey(spec, publicKeyPem)).toBe(publicKeyPem);
  });

  it("writes the SM2 curve OID 1.2.156.10197.1.301 under id-ecPublicKey", () => {
    const hex = Buffer.from(spkiDer(pemOf("EC_SM2"))).toString("hex");
    expect(hex.startsWith(`3059301306072a8648ce3d020106082a811ccf5501822d03420004`)).toBe(true);
  });

  it("Precondition: the KeySpec is asymmetric.", async () => {
    for (const spec of KEY_SPECS.filter((s) => !ASYMMETRIC.includes(s))) {
      await expect(generateKeyPair(spec)).rejects.toThrow(InvalidParameterError);
      expect(refused(spec, pemOf("RSA_2048"))).toThrow(/KeySpec/);
    }
  });
});

describe("parsePublicKey (ExportDataKey PublicKeyBlob)", () => {
  it("accepts PEM and bare base64 DER, with any line breaks, and returns canonical PEM", () => {
    for (const spec of ["RSA_2048", "EC_SM2"] as const) {
      const pem = pemOf(spec);
      expect(parsePublicKey(spec, base64Der(pem))).toBe(pem);
      expect(parsePublicKey(spec, pem.replace(/\n/g, "\r\n"))).toBe(pem);
      expect(parsePublicKey(spec, `  ${pem}\n\n`)).toBe(pem);
    }
  });

  it("refuses a key of another KeySpec", () => {
    for (const spec of ASYMMETRIC) {
      for (const other of ASYMMETRIC.filter((s) => s !== spec)) {
        expect(refused(spec, pemOf(other)), `${other} as ${spec}`).toThrow(InvalidParameterError);
      }
    }
  });

  it("Precondition: the exponent is odd and at least 3.", () => {
    const jwk = createPublicKey(pemOf("RSA_2048")).export({ format: "jwk" });
    const withExponent = (e: string) =>
      String(createPublicKey({ key: { ...jwk, e }, format: "jwk" }).export({ type: "spki", format: "pem" }));
    for (const e of ["AQ", "Ag", "BA", "AQAA"])
      expect(refused("RSA_2048", withExponent(e)), e).toThrow(/PublicKeyBlob/);
    expect(parsePublicKey("RSA_2048", withExponent("Aw"))).toContain("PUBLIC KEY");
  });

  it("Precondition: the modulus has the KeySpec's size.", () => {
    expect(refused("RSA_3072", pemOf("RSA_2048"))).toThrow(/PublicKeyBlob/);
    expect(refused("RSA_2048", pemOf("RSA_3072"))).toThrow(/PublicKeyBlob/);
  });

  it("Precondition: the modulus is odd (a product of odd primes).", () => {
    const jwk = createPublicKey(pemOf("RSA_2048")).export({ format: "jwk" });
    const n = Buffer.from(String(jwk.n), "base64url");
    n[n.length - 1] = (n[n.length - 1] ?? 0) & 0xfe;
    const even = createPublicKey({ key: { ...jwk, n: n.toString("base64url") }, format: "jwk" });
    expect(refused("RSA_2048", String(even.export({ type: "spki", format: "pem" })))).toThrow(
      /PublicKeyBlob/,
    );
  });

  it("Precondition: the SubjectPublicKeyInfo names rsaEncryption.", () => {
    const pss = generateKeyPairSync("rsa-pss", { modulusLength: 2048 }).publicKey;
    expect(refused("RSA_2048", String(pss.export({ type: "spki", format: "pem" })))).toThrow(/PublicKeyBlob/);
    expect(refused("RSA_2048", pemOf("EC_SM2"))).toThrow(/PublicKeyBlob/);
  });

  it("Precondition: the algorithm is rsaEncryption or id-ecPublicKey.", () => {
    const ed25519 = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" });
    expect(refused("EC_P256", String(ed25519))).toThrow(/PublicKeyBlob/);
    expect(refused("RSA_2048", String(ed25519))).toThrow(/PublicKeyBlob/);
  });

  it("Precondition: rsaEncryption carries NULL parameters (RFC 8017 appendix A.1).", () => {
    const outer = new DerReader(spkiDer(pemOf("RSA_2048")), () => new InternalFailureError()).readSequence();
    outer.readSequence();
    const key = outer.readBitStringBytes();
    const withoutNull = derSequence(derSequence(derOid(OID_HEX.rsaEncryption)), derBitString(key));
    expect(refused("RSA_2048", toPem(withoutNull))).toThrow(/PublicKeyBlob/);
    const withNull = derSequence(
      derSequence(derOid(OID_HEX.rsaEncryption), Uint8Array.of(5, 0)),
      derBitString(key),
    );
    expect(parsePublicKey("RSA_2048", toPem(withNull))).toBe(pemOf("RSA_2048"));
  });

  it("Precondition: an EC key names its curve (no explicit parameters, RFC 5480 section 2.1.1).", () => {
    const explicit = generateKeyPairSync("ec", {
      namedCurve: "prime256v1",
      paramEncoding: "explicit",
    }).publicKey;
    expect(refused("EC_P256", String(explicit.export({ type: "spki", format: "pem" })))).toThrow(
      /PublicKeyBlob/,
    );
  });

  it("the key is an EC key on the KeySpec's curve, and its point lies on it", () => {
    const der = spkiDer(pemOf("EC_SM2"));
    const offCurve = Uint8Array.from(der);
    offCurve[offCurve.length - 1] = (offCurve[offCurve.length - 1] ?? 0) ^ 1;
    expect(refused("EC_SM2", toPem(offCurve))).toThrow(/PublicKeyBlob/);
    const renamed = Uint8Array.from(der);
    expect(Buffer.from(renamed.subarray(15, 23)).toString("hex")).toBe(OID_HEX.sm2p256v1);
    renamed.set(Buffer.from(OID_HEX.prime256v1, "hex"), 15);
    expect(refused("EC_SM2", toPem(renamed))).toThrow(/PublicKeyBlob/);
    expect(refused("EC_P256", toPem(renamed))).toThrow(/PublicKeyBlob/);
  });

  it("accepts a compressed SM2 point and returns it uncompressed", () => {
    const der = spkiDer(pemOf("EC_SM2"));
    const point = der.subarray(der.length - 65);
    const compressed = Uint8Array.from([2 + ((point[64] ?? 0) & 1), ...point.subarray(1, 33)]);
    const info = derSequence(
      derSequence(derOid(OID_HEX.ecPublicKey), derOid(OID_HEX.sm2p256v1)),
      derBitString(compressed),
    );
    expect(parsePublicKey("EC_SM2", toPem(info))).toBe(pemOf("EC_SM2"));
  });

  it("Precondition: a PEM text is exactly one block with the expected label.", () => {
    const pem = pemOf("RSA_2048");
    expect(refused("RSA_2048", pem.replace(/PUBLIC KEY/g, "RSA PUBLIC KEY"))).toThrow(/PublicKeyBlob/);
    expect(refused("RSA_2048", `${pem}trailing`)).toThrow(/PublicKeyBlob/);
    expect(refused("RSA_2048", `header\n${pem}`)).toThrow(/PublicKeyBlob/);
    expect(refused("RSA_2048", pem + pem)).toThrow(/PublicKeyBlob/);
  });

  it("Precondition: the body is canonical base64 (Buffer.from would silently skip bad characters).", () => {
    const body = base64Der(pemOf("EC_SM2"));
    expect(refused("EC_SM2", `${body.slice(0, 10)}!${body.slice(10)}`)).toThrow(/PublicKeyBlob/);
    expect(refused("EC_SM2", body.replace(/=+$/, ""))).toThrow(/PublicKeyBlob/);
    expect(refused("EC_SM2", "")).toThrow(/PublicKeyBlob/);
    expect(() => parsePublicKey("EC_SM2", body)).not.toThrow();
  });

  it("Precondition: the text is of a sensible size.", () => {
    expect(refused("RSA_2048", `${pemOf("RSA_2048")}${" ".repeat(8192)}`)).toThrow(/PublicKeyBlob/);
  });

  it("fails on arbitrary text with InvalidParameterError(PublicKeyBlob) only", () => {
    const textual = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.base64String({ maxLength: 400 }),
      fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.from([0x30, b.length, ...b]).toString("base64")),
    );
    fc.assert(
      fc.property(textual, fc.constantFrom(...ASYMMETRIC), (text, spec) => {
        expect(refused(spec, text)).toThrow(InvalidParameterError);
        try {
          parsePublicKey(spec, text);
        } catch (error) {
          expect((error as InvalidParameterError).parameter).toBe("PublicKeyBlob");
        }
      }),
      { numRuns: 300 },
    );
  });
});
