import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  InternalFailureError,
  InvalidCiphertextError,
  InvalidParameterError,
  KeyNotFoundError,
  KmsError,
  RejectedUnsupportedOperationError,
  ServiceUnavailableError,
  UnsupportedOperationError,
} from "../../../core/errors";
import { HSM_OPS, type HsmOp } from "../../../core/hsm/contract";
import { HsmProtocolError } from "../../../core/hsm/HsmProtocolError";
import { encodeHsmFailure, encodeHsmSuccess, parseHsmResponse } from "../../../core/hsm/hsmResponseCodec";
import { resultArbitraries } from "./arbitraries";

const overTheWire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function failureOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("HSM contract responses", () => {
  it.each(HSM_OPS)("%s results round-trip through JSON unchanged", (op: HsmOp) => {
    fc.assert(
      fc.property(resultArbitraries[op] as fc.Arbitrary<never>, (result) => {
        const wire = overTheWire(encodeHsmSuccess(op, result));
        expect(wire).toMatchObject({ v: 1, ok: true, op });
        expect(parseHsmResponse(op, wire)).toEqual(result);
      }),
      { numRuns: 100 },
    );
  });

  it("a KmsError survives the trip: same class, code, status and message, never the cause", () => {
    const errors: KmsError[] = [
      new InvalidCiphertextError({ cause: "CKR_GENERAL_ERROR" }),
      new RejectedUnsupportedOperationError("The HSM does not support CKM_RSA_PKCS_OAEP with SHA-256."),
      new UnsupportedOperationError("No."),
      new InvalidParameterError("Digest", "It must be 32 bytes."),
      new KeyNotFoundError(),
      new ServiceUnavailableError("the HSM login failed (CKR_PIN_INCORRECT)."),
      new InternalFailureError({ cause: "secret detail" }),
    ];
    for (const error of errors) {
      const wire = overTheWire(encodeHsmFailure(error));
      expect(JSON.stringify(wire)).not.toContain("CKR_GENERAL_ERROR");
      expect(JSON.stringify(wire)).not.toContain("secret detail");
      const received = failureOf(() => parseHsmResponse("sign", wire)) as KmsError;
      expect(received).toBeInstanceOf(error.constructor);
      expect([received.code, received.httpStatus, received.message]).toEqual([
        error.code,
        error.httpStatus,
        error.message,
      ]);
    }
  });

  it("an error code the client does not know still arrives as a KmsError with its code and status", () => {
    const wire = {
      v: 1,
      ok: false,
      error: { code: "Rejected.Disabled", httpStatus: 409, message: "Disabled." },
    };
    const received = failureOf(() => parseHsmResponse("encrypt", wire));
    expect(received).toBeInstanceOf(KmsError);
    expect(received).toMatchObject({ code: "Rejected.Disabled", httpStatus: 409, message: "Disabled." });
  });

  it("Precondition: a failure carries an error code and an HTTP error status", () => {
    for (const error of [
      { code: "InvalidCiphertext", httpStatus: 200, message: "m" },
      { code: "InvalidCiphertext", httpStatus: 400.5, message: "m" },
      { code: "", httpStatus: 400, message: "m" },
      { code: "has space", httpStatus: 400, message: "m" },
    ]) {
      expect(failureOf(() => parseHsmResponse("sign", { v: 1, ok: false, error }))).toBeInstanceOf(
        HsmProtocolError,
      );
    }
    const extra = { v: 1, ok: false, error: { code: "X", httpStatus: 500, message: "m", stack: "s" } };
    expect(failureOf(() => parseHsmResponse("sign", extra))).toBeInstanceOf(HsmProtocolError);
  });

  it("Precondition: the response speaks contract version 1", () => {
    const error = failureOf(() => parseHsmResponse("verify", { v: 0, ok: true, op: "verify", valid: true }));
    expect(error).toBeInstanceOf(HsmProtocolError);
    expect((error as HsmProtocolError).detail).toMatch(/version is not 1/);
  });

  it("Precondition: a success response answers the op that was asked", () => {
    const error = failureOf(() => parseHsmResponse("verify", { v: 1, ok: true, op: "sign", signature: "" }));
    expect((error as HsmProtocolError).detail).toMatch(/not for op verify/);
  });

  it("refuses missing, unknown and mistyped result fields", () => {
    const cases: [HsmOp, Record<string, unknown>, RegExp][] = [
      ["verify", { v: 1, ok: true, op: "verify" }, /"valid" is missing/],
      ["verify", { v: 1, ok: true, op: "verify", valid: "true" }, /"valid" is not a boolean/],
      ["sign", { v: 1, ok: true, op: "sign", signature: "AA==", extra: 1 }, /unknown field "extra"/],
      ["destroyKey", { v: 1, ok: true, op: "destroyKey", destroyed: -1 }, /not a count/],
      [
        "encrypt",
        { v: 1, ok: true, op: "encrypt", nonce: "AA==", ciphertext: "A", tag: "AA==" },
        /"ciphertext" is not/,
      ],
      [
        "capabilities",
        { v: 1, ok: true, op: "capabilities", capabilities: { library: {} } },
        /"token" is missing/,
      ],
      ["sign", { v: 1, op: "sign", signature: "" }, /"ok" is missing/],
    ];
    for (const [op, wire, detail] of cases) {
      const error = failureOf(() => parseHsmResponse(op, wire));
      expect(error, JSON.stringify(wire)).toBeInstanceOf(HsmProtocolError);
      expect((error as HsmProtocolError).detail).toMatch(detail);
    }
  });

  it("any JSON value either parses, throws the KmsError it carries, or fails with HsmProtocolError", () => {
    fc.assert(
      fc.property(fc.constantFrom(...HSM_OPS), fc.jsonValue(), (op, value) => {
        try {
          parseHsmResponse(op, value);
        } catch (error) {
          expect(error).toBeInstanceOf(KmsError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
