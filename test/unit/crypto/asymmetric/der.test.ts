import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bigIntToBytes, bytesToBigInt } from "../../../../core/crypto/asymmetric/bigIntBytes";
import { DER_TAG, DerReader } from "../../../../core/crypto/asymmetric/DerReader";
import { derElement, derSequence, derUnsignedInteger } from "../../../../core/crypto/asymmetric/derEncode";
import { InvalidCiphertextError, KmsError } from "../../../../core/errors";
import { fromHex } from "./support";

const reader = (hex: string) => new DerReader(fromHex(hex), () => new InvalidCiphertextError());

describe("DerReader (strict DER, X.690 section 10)", () => {
  it("Precondition: the element has the expected tag.", () => {
    expect(() => reader("0401ff").read(DER_TAG.INTEGER)).toThrow(InvalidCiphertextError);
    expect(reader("0401ff").read(DER_TAG.OCTET_STRING)).toEqual(Uint8Array.of(0xff));
    expect(() => reader("").read(DER_TAG.INTEGER)).toThrow(InvalidCiphertextError);
  });

  it("Precondition: a long-form length has 1 to 3 bytes (no indefinite form, nothing beyond 16 MiB).", () => {
    expect(() => reader("30800000").readSequence()).toThrow(InvalidCiphertextError);
    expect(() => reader(`048400000001${"00".repeat(5)}`).read(DER_TAG.OCTET_STRING)).toThrow(
      InvalidCiphertextError,
    );
    expect(reader(`0481ff${"00".repeat(255)}`).read(DER_TAG.OCTET_STRING)).toHaveLength(255);
  });

  it("Precondition: the length is minimal (DER: long form only from 128, no leading zero byte).", () => {
    expect(() => reader("048101ff").read(DER_TAG.OCTET_STRING)).toThrow(InvalidCiphertextError);
    expect(() => reader(`04820090${"00".repeat(0x90)}`).read(DER_TAG.OCTET_STRING)).toThrow(
      InvalidCiphertextError,
    );
    expect(reader(`048190${"00".repeat(0x90)}`).read(DER_TAG.OCTET_STRING)).toHaveLength(0x90);
  });

  it("Precondition: the content lies inside the input.", () => {
    expect(() => reader("0405ffff").read(DER_TAG.OCTET_STRING)).toThrow(InvalidCiphertextError);
    expect(() => reader("04").read(DER_TAG.OCTET_STRING)).toThrow(InvalidCiphertextError);
    expect(() => reader("0482ff").read(DER_TAG.OCTET_STRING)).toThrow(InvalidCiphertextError);
  });

  it("Precondition: an INTEGER has at least one content byte and is not negative.", () => {
    expect(() => reader("0200").readUnsignedInteger()).toThrow(InvalidCiphertextError);
    expect(() => reader("020180").readUnsignedInteger()).toThrow(InvalidCiphertextError);
    expect(reader("020100").readUnsignedInteger()).toEqual(Uint8Array.of(0));
  });

  it("Precondition: a leading zero byte is there only to clear the sign bit (minimal encoding).", () => {
    expect(() => reader("02020001").readUnsignedInteger()).toThrow(InvalidCiphertextError);
    expect(reader("02020080").readUnsignedInteger()).toEqual(Uint8Array.of(0x80));
  });

  it("Precondition: a key BIT STRING is a whole number of bytes.", () => {
    expect(() => reader("030201ff").readBitStringBytes()).toThrow(InvalidCiphertextError);
    expect(() => reader("0300").readBitStringBytes()).toThrow(InvalidCiphertextError);
    expect(reader("030200ff").readBitStringBytes()).toEqual(Uint8Array.of(0xff));
  });

  it("Precondition: no bytes follow the last element.", () => {
    const trailing = reader("02010100");
    trailing.readUnsignedInteger();
    expect(() => trailing.assertEnd()).toThrow(InvalidCiphertextError);
    expect(() => reader("3003020101ff").readSequence().readUnsignedInteger()).not.toThrow();
    const nested = reader("3004020101ff").readSequence();
    nested.readUnsignedInteger();
    expect(() => nested.assertEnd()).toThrow(InvalidCiphertextError);
  });

  it("round trips any non-negative INTEGER through the encoder", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 520n) - 1n }), (value) => {
        const encoded = derUnsignedInteger(bigIntToBytes(value, 66));
        const r = new DerReader(encoded, () => new InvalidCiphertextError());
        expect(bytesToBigInt(r.readUnsignedInteger())).toBe(value);
        r.assertEnd();
      }),
    );
  });

  it("round trips elements of any length (short and long forms)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70_000 }), (length) => {
        const content = new Uint8Array(length).fill(0xab);
        const r = new DerReader(
          derSequence(derElement(DER_TAG.OCTET_STRING, content)),
          () => new InvalidCiphertextError(),
        );
        expect(r.readSequence().read(DER_TAG.OCTET_STRING)).toHaveLength(length);
      }),
      { numRuns: 50 },
    );
  });

  it("fails on arbitrary bytes only with the error of its fail factory", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const r = new DerReader(bytes, () => new InvalidCiphertextError());
        try {
          const sequence = r.readSequence();
          while (!sequence.atEnd()) sequence.readUnsignedInteger();
          r.assertEnd();
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidCiphertextError);
          expect(error).toBeInstanceOf(KmsError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
