import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  asymmetricDecrypt,
  asymmetricEncrypt,
  generateKeyPair,
  signDigest,
  sm2SigningDigest,
  verifyDigest,
} from "../../../../core/crypto/asymmetric";
import { bigIntToBytes } from "../../../../core/crypto/asymmetric/bigIntBytes";
import {
  derOctetString,
  derSequence,
  derUnsignedInteger,
} from "../../../../core/crypto/asymmetric/derEncode";
import { SM2_PARAMS } from "../../../../core/crypto/asymmetric/ecCurves";
import { decodeSm2Ciphertext } from "../../../../core/crypto/asymmetric/sm2Ciphertext";
import { sm2Za } from "../../../../core/crypto/asymmetric/sm2SigningDigest";
import { InvalidCiphertextError, InvalidParameterError } from "../../../../core/errors";
import { flipBit, fromHex, loadVector, toHex } from "./support";

interface ZaFile {
  readonly curves: Record<string, { a: string; b: string; gx: string; gy: string }>;
  readonly tests: readonly {
    name: string;
    curve: string;
    userId: string;
    px: string;
    py: string;
    za: string;
  }[];
}

const zaVectors = loadVector<ZaFile>("sm2/sm2-za.json");
const big = (hex: string) => BigInt(`0x${hex}`);

describe("Z_A (GB/T 32918.2 section 5.5)", () => {
  it.each(zaVectors.tests)("reproduces $name", ({ curve, userId, px, py, za }) => {
    const constants = zaVectors.curves[curve];
    if (!constants) throw new Error(`no curve ${curve}`);
    const params = { a: big(constants.a), b: big(constants.b), gx: big(constants.gx), gy: big(constants.gy) };
    const point = fromHex(`04${px}${py}`);
    expect(toHex(sm2Za(point, new TextEncoder().encode(userId), params))).toBe(za.toLowerCase());
  });

  it("Precondition: the ID's bit length fits in the two bytes of ENTL.", () => {
    const point = fromHex(`04${zaVectors.tests[0]?.px}${zaVectors.tests[0]?.py}`);
    expect(sm2Za(point, new Uint8Array(8191))).toHaveLength(32);
    expect(() => sm2Za(point, new Uint8Array(8192))).toThrow(InvalidParameterError);
  });
});

describe("SM2 properties", () => {
  let pem: string;
  let pkcs8: Uint8Array;
  let otherPkcs8: Uint8Array;

  beforeAll(async () => {
    ({ privateKey: pkcs8, publicKeyPem: pem } = await generateKeyPair("EC_SM2"));
    ({ privateKey: otherPkcs8 } = await generateKeyPair("EC_SM2"));
  });

  it("encrypt then decrypt gives the plaintext back (1 to 6047 bytes)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 400 }), (plaintext) => {
        const ciphertext = asymmetricEncrypt("EC_SM2", "SM2PKE", pem, plaintext);
        expect(ciphertext[0]).toBe(0x30);
        expect(asymmetricDecrypt("EC_SM2", "SM2PKE", pkcs8, ciphertext)).toEqual(plaintext);
      }),
      { numRuns: 15 },
    );
    const largest = new Uint8Array(6047).fill(7);
    const ciphertext = asymmetricEncrypt("EC_SM2", "SM2PKE", pem, largest);
    expect(ciphertext.length).toBeLessThanOrEqual(6159);
    expect(asymmetricDecrypt("EC_SM2", "SM2PKE", pkcs8, ciphertext)).toEqual(largest);
  });

  it("Precondition: the plaintext holds 1 to maxPlaintextBytes bytes.", () => {
    const refuse = (size: number) => () => asymmetricEncrypt("EC_SM2", "SM2PKE", pem, new Uint8Array(size));
    expect(refuse(0)).toThrow(/Plaintext/);
    expect(refuse(6048)).toThrow(InvalidParameterError);
  });

  it("any flipped bit of a ciphertext makes it InvalidCiphertext", () => {
    const ciphertext = asymmetricEncrypt("EC_SM2", "SM2PKE", pem, new TextEncoder().encode("attack at dawn"));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ciphertext.length * 8 - 1 }), (bit) => {
        expect(() => asymmetricDecrypt("EC_SM2", "SM2PKE", pkcs8, flipBit(ciphertext, bit))).toThrow(
          InvalidCiphertextError,
        );
      }),
      { numRuns: 40 },
    );
  });

  it("a ciphertext for another key is InvalidCiphertext", () => {
    const ciphertext = asymmetricEncrypt("EC_SM2", "SM2PKE", pem, Uint8Array.of(1, 2, 3));
    expect(() => asymmetricDecrypt("EC_SM2", "SM2PKE", otherPkcs8, ciphertext)).toThrow(
      InvalidCiphertextError,
    );
  });

  it("random bytes fail with InvalidCiphertext and nothing else", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.uint8Array({ minLength: 97, maxLength: 200 }).map((b) => Uint8Array.from([0x04, ...b])),
          fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => Uint8Array.from([0x30, b.length, ...b])),
        ),
        (bytes) => {
          expect(() => asymmetricDecrypt("EC_SM2", "SM2PKE", pkcs8, bytes)).toThrow(InvalidCiphertextError);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("sign then verify holds; a flipped signature bit or digest bit does not", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(),
        (message, digestBit, signatureBit) => {
          const digest = sm2SigningDigest(pem, message);
          const signature = signDigest("EC_SM2", "SM2DSA", pkcs8, digest);
          expect(signature[0]).toBe(0x30);
          expect(verifyDigest("EC_SM2", "SM2DSA", pem, digest, signature)).toBe(true);
          const flipped = flipBit(signature, signatureBit % (signature.length * 8));
          expect(verifyDigest("EC_SM2", "SM2DSA", pem, digest, flipped)).toBe(false);
          expect(verifyDigest("EC_SM2", "SM2DSA", pem, flipBit(digest, digestBit), signature)).toBe(false);
        },
      ),
      { numRuns: 10 },
    );
  });

  it("sm2SigningDigest depends on the user ID", () => {
    const message = new TextEncoder().encode("m");
    const byDefault = toHex(sm2SigningDigest(pem, message));
    expect(toHex(sm2SigningDigest(pem, message, "1234567812345678"))).toBe(byDefault);
    expect(toHex(sm2SigningDigest(pem, message, "ALICE123@YAHOO.COM"))).not.toBe(byDefault);
    expect(() => sm2SigningDigest("not a key", message)).toThrow(/PublicKey/);
  });
});

describe("SM2 ciphertext layouts", () => {
  const x = bigIntToBytes(SM2_PARAMS.gx, 32);
  const y = bigIntToBytes(SM2_PARAMS.gy, 32);
  const c3 = new Uint8Array(32).fill(3);
  const der = (cx: Uint8Array, cy: Uint8Array, hash: Uint8Array, cipher: Uint8Array) =>
    derSequence(derUnsignedInteger(cx), derUnsignedInteger(cy), derOctetString(hash), derOctetString(cipher));

  it("reads the same parts from DER and raw layouts", () => {
    const fromDer = decodeSm2Ciphertext(der(x, y, c3, Uint8Array.of(9, 9)));
    const fromRaw = decodeSm2Ciphertext(Uint8Array.from([4, ...x, ...y, ...c3, 9, 9]));
    expect(toHex(fromDer.c1)).toBe(toHex(fromRaw.c1));
    expect(toHex(fromDer.c3)).toBe(toHex(fromRaw.c3));
    expect(toHex(fromDer.c2)).toBe("0909");
  });

  it("Precondition: the coordinates are field elements.", () => {
    const p = bigIntToBytes(SM2_PARAMS.p, 32);
    expect(() => decodeSm2Ciphertext(der(p, y, c3, Uint8Array.of(1)))).toThrow(InvalidCiphertextError);
    expect(() => decodeSm2Ciphertext(der(x, p, c3, Uint8Array.of(1)))).toThrow(InvalidCiphertextError);
  });

  it("Precondition: the ciphertext is DER (0x30) or raw C1C3C2 with the 04 prefix (0x04).", () => {
    const raw = Uint8Array.from([4, ...x, ...y, ...c3, 1]);
    expect(() => decodeSm2Ciphertext(raw)).not.toThrow();
    for (const prefix of [0x00, 0x02, 0x03, 0x31]) {
      expect(() => decodeSm2Ciphertext(Uint8Array.from([prefix, ...raw.subarray(1)]))).toThrow(
        InvalidCiphertextError,
      );
    }
    expect(() => decodeSm2Ciphertext(new Uint8Array(0))).toThrow(InvalidCiphertextError);
  });

  it("Precondition: C3 is one SM3 digest and C2 holds 1 to 6047 bytes.", () => {
    expect(() => decodeSm2Ciphertext(der(x, y, c3.subarray(1), Uint8Array.of(1)))).toThrow(
      InvalidCiphertextError,
    );
    expect(() => decodeSm2Ciphertext(der(x, y, c3, new Uint8Array(0)))).toThrow(InvalidCiphertextError);
    expect(() => decodeSm2Ciphertext(der(x, y, c3, new Uint8Array(6048)))).toThrow(InvalidCiphertextError);
    expect(decodeSm2Ciphertext(der(x, y, c3, new Uint8Array(6047))).c2).toHaveLength(6047);
    expect(() => decodeSm2Ciphertext(Uint8Array.from([4, ...x, ...y, ...c3]))).toThrow(
      InvalidCiphertextError,
    );
  });
});
