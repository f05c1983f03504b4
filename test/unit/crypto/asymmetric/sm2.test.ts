import fc from "fast-check";
import { sm2 as judge } from "sm-crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  asymmetricDecrypt,
  asymmetricEncrypt,
  generateKeyPair,
  signDigest,
  sm2SigningDigest,
  verifyDigest,
} from "../../../../core/crypto/asymmetric";
import { EC_CURVES, SM2_PARAMS } from "../../../../core/crypto/asymmetric/ecCurves";
import { decodeEcPrivateKey, encodeEcPrivateKey } from "../../../../core/crypto/asymmetric/ecPrivateKey";
import { ecPublicKeyToPem, readEcPublicKey } from "../../../../core/crypto/asymmetric/ecPublicKey";
import { encodeSm2Ciphertext } from "../../../../core/crypto/asymmetric/sm2Ciphertext";
import { InternalFailureError, InvalidCiphertextError } from "../../../../core/errors";
import { flipBit, fromHex, loadVector, toHex } from "./support";

interface SignatureKat {
  d: string;
  px: string;
  py: string;
  message: string;
  e: string;
  r: string;
  s: string;
}
interface EncryptionKat {
  d: string;
  px: string;
  py: string;
  messageAscii: string;
  c1x: string;
  c1y: string;
  c3: string;
  c2: string;
  der: string;
}

const signatureKat = loadVector<SignatureKat>("sm2/sm2-signature-kat.json");
const encryptionKat = loadVector<EncryptionKat>("sm2/sm2-encryption-kat.json");
const SM2 = EC_CURVES.EC_SM2;
const fail = () => new InternalFailureError();
const utf8 = (text: string) => new TextEncoder().encode(text);

function annexKey(kat: { d: string; px: string; py: string }) {
  const point = fromHex(`04${kat.px}${kat.py}`);
  return {
    pem: ecPublicKeyToPem("EC_SM2", point, fail),
    pkcs8: encodeEcPrivateKey(SM2, fromHex(kat.d), point),
  };
}

/** DER SEQUENCE { INTEGER r, INTEGER s } for 32-byte r, s whose top bit is set, written by hand. */
function derOfHighRs(r: string, s: string): Uint8Array {
  return fromHex(`3046022100${r}022100${s}`);
}

/** Reads the four parts of a GM/T 0009 ciphertext with a parser written here, to feed the independent judge. */
function partsOfDer(der: Uint8Array): string[] {
  const parts: string[] = [];
  let offset = der[1] === 0x81 ? 3 : der[1] === 0x82 ? 4 : 2;
  while (offset < der.length) {
    let length = der[offset + 1] ?? 0;
    let header = 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (der[offset + 2 + i] ?? 0);
      header += count;
    }
    parts.push(toHex(der.subarray(offset + header, offset + header + length)));
    offset += header + length;
  }
  return parts;
}

const unpad32 = (hex: string) => hex.slice(-64).padStart(64, "0");

describe("SM2DSA known answers (GB/T 32918.5 Annex A)", () => {
  const { pem } = annexKey(signatureKat);

  it("sm2SigningDigest gives the annex's e = SM3(Z_A ‖ M) with the default ID", () => {
    expect(toHex(sm2SigningDigest(pem, utf8(signatureKat.message)))).toBe(signatureKat.e.toLowerCase());
  });

  it("verifies the annex's signature", () => {
    const signature = derOfHighRs(signatureKat.r, signatureKat.s);
    expect(verifyDigest("EC_SM2", "SM2DSA", pem, fromHex(signatureKat.e), signature)).toBe(true);
  });

  it("refuses the annex's signature over any other digest", () => {
    const signature = derOfHighRs(signatureKat.r, signatureKat.s);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), (bit) => {
        expect(verifyDigest("EC_SM2", "SM2DSA", pem, flipBit(fromHex(signatureKat.e), bit), signature)).toBe(
          false,
        );
      }),
      { numRuns: 20 },
    );
  });

  it("r and s lie in [1, n-1]", () => {
    const sPlusN = (BigInt(`0x${signatureKat.s}`) + SM2.n).toString(16);
    const der = fromHex(`3046022100${signatureKat.r}0221${sPlusN.padStart(66, "0")}`);
    expect(verifyDigest("EC_SM2", "SM2DSA", pem, fromHex(signatureKat.e), der)).toBe(false);
    const zeroS = fromHex(`3025022100${signatureKat.r}020100`);
    expect(verifyDigest("EC_SM2", "SM2DSA", pem, fromHex(signatureKat.e), zeroS)).toBe(false);
  });
});

describe("SM2PKE known answers (GB/T 32918.5 Annex C)", () => {
  const { pkcs8 } = annexKey(encryptionKat);
  const message = utf8(encryptionKat.messageAscii);
  const { c1x, c1y, c3, c2 } = encryptionKat;

  it("decrypts the annex's ciphertext in GM/T 0009 DER form", () => {
    expect(asymmetricDecrypt("EC_SM2", "SM2PKE", pkcs8, fromHex(encryptionKat.der))).toEqual(message);
  });

  it("decrypts the annex's ciphertext in raw 04 ‖ C1 ‖ C3 ‖ C2 form", () => {
    const raw = fromHex(`04${c1x}${c1y}${c3}${c2}`);
    expect(asymmetricDecrypt("EC_SM2", "SM2PKE", pkcs8, raw)).toEqual(message);
  });

  it("refuses the annex's ciphertext in the older C1C2C3 order", () => {
    const older = fromHex(`04${c1x}${c1y}${c2}${c3}`);
    expect(() => asymmetricDecrypt("EC_SM2", "SM2PKE", pkcs8, older)).toThrow(InvalidCiphertextError);
  });

  it("encodes the annex's parts to exactly the OpenSSL DER", () => {
    const der = encodeSm2Ciphertext({ c1: fromHex(`04${c1x}${c1y}`), c3: fromHex(c3), c2: fromHex(c2) });
    expect(toHex(der)).toBe(encryptionKat.der.toLowerCase());
  });
});

describe("SM2 against sm-crypto 0.5.8, the independent judge", () => {
  let pem: string;
  let pkcs8: Uint8Array;
  let publicHex: string;
  let privateHex: string;

  beforeAll(async () => {
    ({ privateKey: pkcs8, publicKeyPem: pem } = await generateKeyPair("EC_SM2"));
    publicHex = toHex(readEcPublicKey("EC_SM2", pem, fail));
    privateHex = toHex(decodeEcPrivateKey(SM2, pkcs8));
  });

  it("Keyward's SM2DSA signatures verify in sm-crypto over the message with the default ID", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), (message) => {
        const signature = signDigest("EC_SM2", "SM2DSA", pkcs8, sm2SigningDigest(pem, message));
        const options = { der: true, hash: true, userId: "1234567812345678" };
        expect(judge.doVerifySignature(Array.from(message), toHex(signature), publicHex, options)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });

  it("sm-crypto's DER signatures verify in Keyward", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), (message) => {
        const signature = judge.doSignature(Array.from(message), privateHex, {
          der: true,
          hash: true,
          publicKey: publicHex,
        });
        const digest = sm2SigningDigest(pem, message);
        expect(verifyDigest("EC_SM2", "SM2DSA", pem, digest, fromHex(signature))).toBe(true);
      }),
      { numRuns: 10 },
    );
  });

  it("Keyward's DER ciphertexts open in sm-crypto as C1C3C2", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (message) => {
        const [x, y, hash, cipher] = partsOfDer(asymmetricEncrypt("EC_SM2", "SM2PKE", pem, message));
        const c1c3c2 = `${unpad32(x ?? "")}${unpad32(y ?? "")}${hash}${cipher}`;
        expect(judge.doDecrypt(c1c3c2, privateHex, 1, { output: "array" })).toEqual(Array.from(message));
      }),
      { numRuns: 10 },
    );
  });

  it("sm-crypto's C1C3C2 ciphertexts open with the 04 prefix", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (message) => {
        const ciphertext = fromHex(`04${judge.doEncrypt(Array.from(message), publicHex, 1)}`);
        expect(asymmetricDecrypt("EC_SM2", "SM2PKE", pkcs8, ciphertext)).toEqual(message);
      }),
      { numRuns: 10 },
    );
  });

  it("sm-crypto's C1C3C2 ciphertexts without the 04 prefix are refused", () => {
    const ciphertext = fromHex(judge.doEncrypt("hello", publicHex, 1));
    expect(() => asymmetricDecrypt("EC_SM2", "SM2PKE", pkcs8, ciphertext)).toThrow(InvalidCiphertextError);
  });

  it("Precondition: an SM2 private key d lies in [1, n-2] (GB/T 32918.1 section 6.1), so 1 + d is invertible.", () => {
    // d = n - 1: its public point is -G = (Gx, p - Gy); 1 + d = n has no inverse modulo n.
    const point = fromHex(
      `04${SM2_PARAMS.gx.toString(16).padStart(64, "0")}${(SM2_PARAMS.p - SM2_PARAMS.gy).toString(16).padStart(64, "0")}`,
    );
    const edge = encodeEcPrivateKey(SM2, fromHex((SM2.n - 1n).toString(16)), point);
    expect(() => signDigest("EC_SM2", "SM2DSA", edge, new Uint8Array(32))).toThrow(InternalFailureError);
  });
});
