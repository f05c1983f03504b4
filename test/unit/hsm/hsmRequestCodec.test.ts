import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HsmProtocolError } from "../../../core/hsm/HsmProtocolError";
import { encodeHsmRequest, parseHsmRequest } from "../../../core/hsm/hsmRequestCodec";
import { MAX_WIRE_BYTES } from "../../../core/hsm/WireObject";
import { requestArbitrary } from "./arbitraries";
import { detailOf } from "./protocolError";

/** What the wire does to a message: JSON text and back. */
const overTheWire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe("HSM contract requests", () => {
  it("every request round-trips through JSON unchanged", () => {
    fc.assert(
      fc.property(requestArbitrary, (request) => {
        expect(parseHsmRequest(overTheWire(encodeHsmRequest(request)))).toEqual(request);
      }),
      { numRuns: 500 },
    );
  });

  it("writes version 1 and byte fields as standard base64", () => {
    const wire = encodeHsmRequest({
      op: "sign",
      label: "kw:1:k:v",
      algorithm: "ECDSA_SHA_256",
      digest: Uint8Array.of(251, 255),
    });
    expect(wire).toEqual({ v: 1, op: "sign", label: "kw:1:k:v", algorithm: "ECDSA_SHA_256", digest: "+/8=" });
  });

  it("Precondition: the request speaks contract version 1", () => {
    expect(detailOf(() => parseHsmRequest({ v: 2, op: "capabilities" }))).toMatch(/version is not 1/);
    expect(detailOf(() => parseHsmRequest({ v: "1", op: "capabilities" }))).toMatch(/"v" is not a number/);
    expect(detailOf(() => parseHsmRequest({ op: "capabilities" }))).toMatch(/"v" is missing/);
  });

  it("Precondition: a contract message is a JSON object", () => {
    for (const value of [null, "capabilities", 1, [], [{ v: 1 }]]) {
      expect(detailOf(() => parseHsmRequest(value))).toMatch(/is not a JSON object/);
    }
  });

  it("refuses unknown ops, unknown fields, missing fields and wrong types, naming them", () => {
    expect(detailOf(() => parseHsmRequest({ v: 1, op: "exportKey" }))).toMatch(/"op" has an unknown value/);
    expect(detailOf(() => parseHsmRequest({ v: 1, op: "capabilities", extra: 1 }))).toMatch(
      /unknown field "extra"/,
    );
    expect(detailOf(() => parseHsmRequest({ v: 1, op: "getPublicKey" }))).toMatch(/"label" is missing/);
    expect(detailOf(() => parseHsmRequest({ v: 1, op: "getPublicKey", label: 7 }))).toMatch(
      /"label" is not a string/,
    );
    const sign = { v: 1, op: "sign", label: "l", algorithm: "ECDSA_SHA_256", digest: "AA==" };
    expect(detailOf(() => parseHsmRequest({ ...sign, algorithm: "ECDSA_SHA_512" }))).toMatch(
      /"algorithm" has an unknown value/,
    );
    expect(detailOf(() => parseHsmRequest({ ...sign, digest: null }))).toMatch(/"digest" is not a string/);
    const generate = {
      v: 1,
      op: "generateKey",
      accountId: "a",
      keyId: "k",
      versionId: "v",
      keySpec: "RSA_2048",
    };
    expect(detailOf(() => parseHsmRequest({ ...generate, keyUsage: "WRAP" }))).toMatch(/"keyUsage"/);
    expect(detailOf(() => parseHsmRequest({ ...generate, keySpec: "RSA_4096" }))).toMatch(/"keySpec"/);
  });

  it("decrypt takes nonce, tag and aad with AES_GCM only", () => {
    const aes = {
      v: 1,
      op: "decrypt",
      label: "l",
      algorithm: "AES_GCM",
      ciphertext: "",
      nonce: "",
      tag: "",
      aad: "",
    };
    expect(parseHsmRequest(aes)).toMatchObject({ algorithm: "AES_GCM" });
    const { tag: _tag, ...noTag } = aes;
    expect(detailOf(() => parseHsmRequest(noTag))).toMatch(/"tag" is missing/);
    const oaep = { v: 1, op: "decrypt", label: "l", algorithm: "RSAES_OAEP_SHA_1", ciphertext: "" };
    expect(parseHsmRequest(oaep)).toEqual({
      op: "decrypt",
      label: "l",
      algorithm: "RSAES_OAEP_SHA_1",
      ciphertext: new Uint8Array(0),
    });
    expect(detailOf(() => parseHsmRequest({ ...oaep, nonce: "" }))).toMatch(/unknown field "nonce"/);
  });

  it("accepts only canonical standard base64 in byte fields", () => {
    const withDigest = (digest: string) => () =>
      parseHsmRequest({ v: 1, op: "sign", label: "l", algorithm: "ECDSA_SHA_256", digest });
    for (const bad of ["QQ", "QQ=", "Q===", "QR==", "Q Q==", "QQ==\n", "-_8=", "+/8", "====", "a"]) {
      expect(detailOf(withDigest(bad)), bad).toMatch(/"digest" is not (canonical )?base64/);
    }
    expect(withDigest("QQ==")()).toMatchObject({ digest: Uint8Array.of(0x41) });
  });

  it("Precondition: a byte field holds at most MAX_WIRE_BYTES", () => {
    const encrypt = (plaintext: Uint8Array) => () =>
      parseHsmRequest({
        v: 1,
        op: "encrypt",
        label: "l",
        plaintext: Buffer.from(plaintext).toString("base64"),
        aad: "",
      });
    expect(encrypt(new Uint8Array(MAX_WIRE_BYTES))()).toMatchObject({ op: "encrypt" });
    expect(detailOf(encrypt(new Uint8Array(MAX_WIRE_BYTES + 3)))).toMatch(
      /"plaintext" is longer than 16384 bytes/,
    );
  });

  it("Precondition: the usage is one the KeySpec offers", () => {
    const generate = (keySpec: string, keyUsage: string) => () =>
      parseHsmRequest({
        v: 1,
        op: "generateKey",
        accountId: "a",
        keyId: "k",
        versionId: "v",
        keySpec,
        keyUsage,
      });
    expect(detailOf(generate("EC_P256", "ENCRYPT/DECRYPT"))).toMatch(/"keyUsage" is not a usage of EC_P256/);
    expect(detailOf(generate("Aliyun_AES_256", "SIGN/VERIFY"))).toMatch(/not a usage of Aliyun_AES_256/);
    expect(generate("RSA_2048", "SIGN/VERIFY")()).toMatchObject({ keyUsage: "SIGN/VERIFY" });
  });

  it("any JSON value either parses or fails with HsmProtocolError, nothing else", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), requestArbitrary.map(encodeHsmRequest)),
        fc.jsonValue(),
        fc.string(),
        (value, replacement, key) => {
          const mutated =
            typeof value === "object" && value !== null && !Array.isArray(value)
              ? { ...value, [key]: replacement }
              : value;
          try {
            parseHsmRequest(overTheWire(mutated));
          } catch (error) {
            expect(error).toBeInstanceOf(HsmProtocolError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
