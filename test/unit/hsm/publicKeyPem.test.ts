import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { InternalFailureError } from "../../../core/errors";
import { ecPointFromAttribute, ecPublicKeyPem, rsaPublicKeyPem } from "../../../core/hsm/publicKeyPem";

const fromB64url = (text: string) => new Uint8Array(Buffer.from(text, "base64url"));

describe("public keys read from the HSM as PEM", () => {
  it("RSA modulus and exponent give the same SubjectPublicKeyInfo node writes, leading zeros or not", () => {
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = publicKey.export({ format: "jwk" });
    const expected = publicKey.export({ type: "spki", format: "pem" });
    expect(rsaPublicKeyPem(fromB64url(jwk.n!), fromB64url(jwk.e!))).toBe(expected);
    const padded = Uint8Array.from([0, ...fromB64url(jwk.n!)]);
    expect(rsaPublicKeyPem(padded, Uint8Array.of(0, 1, 0, 1))).toBe(expected);
  });

  it.each(["prime256v1", "secp256k1"] as const)("CKA_EC_POINT of a %s key gives node's PEM", (namedCurve) => {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve });
    const jwk = publicKey.export({ format: "jwk" });
    const point = Uint8Array.from([4, ...fromB64url(jwk.x!), ...fromB64url(jwk.y!)]);
    const curve = namedCurve === "prime256v1" ? "P-256" : "secp256k1";
    const expected = publicKey.export({ type: "spki", format: "pem" });
    expect(ecPublicKeyPem(Uint8Array.from([4, 65, ...point]), curve)).toBe(expected);
    expect(ecPublicKeyPem(point, curve)).toBe(expected);
    expect(createPublicKey(expected).asymmetricKeyDetails?.namedCurve).toBe(namedCurve);
  });

  it("Precondition: CKA_EC_POINT holds one uncompressed point of the key's curve", () => {
    const point = new Uint8Array(65).fill(1);
    point[0] = 4;
    const bad = [
      Uint8Array.from([4, 64, ...point.subarray(1)]), // wrong length byte
      Uint8Array.from([4, 33, 2, ...new Uint8Array(32)]), // compressed point
      Uint8Array.from([3, 65, ...point]), // not an OCTET STRING
      Uint8Array.from([4, 65, ...point, 0]), // trailing byte
      new Uint8Array(0),
    ];
    for (const attribute of bad)
      expect(() => ecPointFromAttribute(attribute, 32)).toThrow(InternalFailureError);
    // P-384 (short DER length, "04 61 04…") and P-521 (long form, "04 81 85 04…") shapes.
    expect(ecPointFromAttribute(Uint8Array.from([4, 97, 4, ...new Uint8Array(96)]), 48)).toHaveLength(97);
    expect(ecPointFromAttribute(Uint8Array.from([4, 0x81, 133, 4, ...new Uint8Array(132)]), 66)).toHaveLength(
      133,
    );
  });

  it("a point that is not on the curve is InternalFailureError", () => {
    const point = new Uint8Array(65).fill(7);
    point[0] = 4;
    expect(() => ecPublicKeyPem(point, "P-256")).toThrow(InternalFailureError);
  });
});
