import { createHash, generateKeyPairSync, sign, verify } from "node:crypto";
import { p256 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InternalFailureError } from "../../../core/errors";
import { ecdsaDerToRaw, ecdsaRawToDer } from "../../../core/hsm/ecdsaSignature";

const N = secp256k1.Point.CURVE().n;

function bigToBytes(value: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(64, "0"), "hex"));
}

describe("ECDSA signature encodings (HSM raw r||s <-> DER)", () => {
  it.each([
    ["prime256v1", "P-256"],
    ["secp256k1", "secp256k1"],
  ] as const)(
    "raw signatures from node (%s, ieee-p1363) become DER that node verifies",
    (namedCurve, curve) => {
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve });
      for (let i = 0; i < 20; i += 1) {
        const message = Buffer.from(`message ${i}`);
        const raw = sign("sha256", message, { key: privateKey, dsaEncoding: "ieee-p1363" });
        const der = ecdsaRawToDer(raw, curve);
        expect(der[0]).toBe(0x30);
        expect(verify("sha256", message, publicKey, der)).toBe(true);
        if (curve === "P-256") expect(Buffer.from(ecdsaDerToRaw(der, curve)!).equals(raw)).toBe(true);
      }
    },
  );

  it("makes secp256k1 signatures low-S: s and n - s give the same DER, and it still verifies", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "secp256k1" });
    const message = Buffer.from("high s");
    const raw = sign("sha256", message, { key: privateKey, dsaEncoding: "ieee-p1363" });
    const r = raw.subarray(0, 32);
    const s = BigInt(`0x${raw.subarray(32).toString("hex")}`);
    const flipped = Uint8Array.from([...r, ...bigToBytes(N - s)]);
    const a = ecdsaRawToDer(raw, "secp256k1");
    const b = ecdsaRawToDer(flipped, "secp256k1");
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(secp256k1.Signature.fromBytes(a, "der").hasHighS()).toBe(false);
    expect(verify("sha256", message, publicKey, a)).toBe(true);
  });

  it("leaves P-256 signatures as they are (low-S is a secp256k1 convention)", () => {
    const digest = createHash("sha256").update("p256").digest();
    const secret = p256.utils.randomSecretKey();
    const compact = p256.sign(digest, secret, { prehash: false, lowS: false });
    const s = p256.Signature.fromBytes(compact, "compact");
    const high = s.hasHighS() ? s : new p256.Signature(s.r, p256.Point.CURVE().n - s.s);
    expect(p256.Signature.fromBytes(ecdsaRawToDer(high.toBytes("compact"), "P-256"), "der").s).toBe(high.s);
  });

  it("an HSM answer that is not r||s in range is InternalFailureError", () => {
    expect(() => ecdsaRawToDer(new Uint8Array(64), "P-256")).toThrow(InternalFailureError);
    expect(() => ecdsaRawToDer(new Uint8Array(63).fill(1), "secp256k1")).toThrow(InternalFailureError);
  });

  it("DER that is not strict, or arbitrary bytes, give undefined (the signature does not verify)", () => {
    expect(ecdsaDerToRaw(Buffer.from("300702010102010100", "hex"), "P-256")).toBeUndefined();
    expect(ecdsaDerToRaw(new Uint8Array(0), "secp256k1")).toBeUndefined();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const raw = ecdsaDerToRaw(bytes, "P-256");
        if (raw !== undefined)
          expect(Buffer.from(ecdsaRawToDer(raw, "P-256")).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });
});
