import pkcs11js from "pkcs11js";
import { describe, expect, it } from "vitest";
import {
  InternalFailureError,
  InvalidCiphertextError,
  KeyNotFoundError,
  RejectedUnsupportedOperationError,
  ServiceUnavailableError,
  UnsupportedOperationError,
} from "../../../core/errors";
import { initialiseMechanism, mapPkcs11Error, pkcs11ReturnValue } from "../../../core/hsm/mapPkcs11Error";
import { mechanismName, mechanismNumber, returnValueName } from "../../../core/hsm/pkcs11Names";

/** The error pkcs11js throws for a CKR value, built as pkcs11js builds it. */
function ckr(name: string): Error {
  const code = (pkcs11js as unknown as Record<string, number>)[name]!;
  return new pkcs11js.Pkcs11Error(`${name}:${code}`, code, "C_Test");
}

describe("PKCS#11 errors as KmsErrors", () => {
  it("reads the CKR name of a pkcs11js error, and nothing from other errors", () => {
    expect(pkcs11ReturnValue(ckr("CKR_PIN_INCORRECT"))).toBe("CKR_PIN_INCORRECT");
    expect(pkcs11ReturnValue(new Error("CKR_PIN_INCORRECT"))).toBeUndefined();
    expect(pkcs11ReturnValue("CKR_PIN_INCORRECT")).toBeUndefined();
  });

  it("a failed GCM tag (SoftHSM: CKR_GENERAL_ERROR while decrypting) is InvalidCiphertextError", () => {
    const error = mapPkcs11Error(ckr("CKR_GENERAL_ERROR"), { operation: "decrypt", decrypting: true });
    expect(error).toBeInstanceOf(InvalidCiphertextError);
    expect(error.cause).toBe("HSM decrypt failed: CKR_GENERAL_ERROR");
  });

  it("CKR_ENCRYPTED_DATA_INVALID / _LEN_RANGE are InvalidCiphertextError; so are odd sizes while decrypting", () => {
    for (const name of ["CKR_ENCRYPTED_DATA_INVALID", "CKR_ENCRYPTED_DATA_LEN_RANGE"]) {
      expect(mapPkcs11Error(ckr(name), { operation: "decrypt" })).toBeInstanceOf(InvalidCiphertextError);
    }
    for (const name of ["CKR_ARGUMENTS_BAD", "CKR_DATA_LEN_RANGE"]) {
      expect(mapPkcs11Error(ckr(name), { operation: "decrypt", decrypting: true })).toBeInstanceOf(
        InvalidCiphertextError,
      );
    }
  });

  it("CKR_GENERAL_ERROR outside a decryption is InternalFailureError with the CKR name in the cause", () => {
    const error = mapPkcs11Error(ckr("CKR_GENERAL_ERROR"), { operation: "sign" });
    expect(error).toBeInstanceOf(InternalFailureError);
    expect(error.message).toBe("Internal Failure.");
    expect(error.cause).toBe("HSM sign failed: CKR_GENERAL_ERROR");
  });

  it("a refused mechanism of a key generation is RejectedUnsupportedOperationError naming it", () => {
    for (const name of [
      "CKR_MECHANISM_INVALID",
      "CKR_MECHANISM_PARAM_INVALID",
      "CKR_ARGUMENTS_BAD",
      "CKR_DOMAIN_PARAMS_INVALID",
    ]) {
      const error = mapPkcs11Error(ckr(name), {
        operation: "key generation",
        mechanism: "CKM_EC_KEY_PAIR_GEN on secp256k1",
      });
      expect(error).toBeInstanceOf(RejectedUnsupportedOperationError);
      expect(error.message).toContain("CKM_EC_KEY_PAIR_GEN on secp256k1");
    }
  });

  it("initialiseMechanism turns a refusal at C_*Init into RejectedUnsupportedOperationError and passes the rest", () => {
    expect(() =>
      initialiseMechanism("CKM_RSA_PKCS_OAEP with SHA-256", () => {
        throw ckr("CKR_ARGUMENTS_BAD");
      }),
    ).toThrow(/does not support CKM_RSA_PKCS_OAEP with SHA-256 \(it answered CKR_ARGUMENTS_BAD\)/);
    const stale = ckr("CKR_KEY_HANDLE_INVALID");
    expect(() =>
      initialiseMechanism("CKM_ECDSA", () => {
        throw stale;
      }),
    ).toThrow(stale);
    let ran = false;
    initialiseMechanism("CKM_ECDSA", () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  it("PIN, login, session and device failures are ServiceUnavailableError", () => {
    for (const name of [
      "CKR_PIN_INCORRECT",
      "CKR_PIN_LOCKED",
      "CKR_USER_NOT_LOGGED_IN",
      "CKR_DEVICE_ERROR",
      "CKR_DEVICE_REMOVED",
      "CKR_SESSION_HANDLE_INVALID",
      "CKR_TOKEN_NOT_PRESENT",
      "CKR_CRYPTOKI_NOT_INITIALIZED",
    ]) {
      const error = mapPkcs11Error(ckr(name), { operation: "login" });
      expect(error, name).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toContain(name);
    }
  });

  it("an object lacking the right (the HSM enforcing KeyUsage) is UnsupportedOperationError, also while decrypting", () => {
    for (const context of [{ operation: "decrypt", decrypting: true }, { operation: "sign" }]) {
      const error = mapPkcs11Error(ckr("CKR_KEY_FUNCTION_NOT_PERMITTED"), context);
      expect(error).toBeInstanceOf(UnsupportedOperationError);
      expect(error.code).toBe("UnsupportedOperation");
      expect(error.message).toContain(`this ${context.operation}`);
      expect(error.message).toContain("CKR_KEY_FUNCTION_NOT_PERMITTED");
    }
  });

  it("a KmsError passes through; other errors are InternalFailureError keeping the error as cause", () => {
    const kms = new KeyNotFoundError();
    expect(mapPkcs11Error(kms, { operation: "sign" })).toBe(kms);
    const other = new TypeError("Property 'source' should be Number");
    const mapped = mapPkcs11Error(other, { operation: "decrypt", decrypting: true });
    expect(mapped).toBeInstanceOf(InternalFailureError);
    expect(mapped.cause).toBe(other);
  });

  it("names mechanisms and return values, hex for vendor-defined numbers", () => {
    expect(mechanismName(pkcs11js.CKM_AES_GCM)).toBe("CKM_AES_GCM");
    expect(mechanismName(pkcs11js.CKM_EC_KEY_PAIR_GEN)).toBe("CKM_EC_KEY_PAIR_GEN");
    expect(mechanismName(0x80000001)).toBe("0x80000001");
    expect(mechanismNumber("CKM_RSA_PKCS_PSS")).toBe(pkcs11js.CKM_RSA_PKCS_PSS);
    expect(returnValueName(pkcs11js.CKR_GENERAL_ERROR)).toBe("CKR_GENERAL_ERROR");
    expect(returnValueName(0x8000abcd)).toBe("0x8000abcd");
  });
});
