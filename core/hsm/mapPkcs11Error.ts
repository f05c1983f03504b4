import {
  InternalFailureError,
  InvalidCiphertextError,
  isKmsError,
  type KmsError,
  RejectedUnsupportedOperationError,
  ServiceUnavailableError,
  UnsupportedOperationError,
} from "../errors";
import { returnValueName } from "./pkcs11Names";

/** What the driver was doing when PKCS#11 failed; decides how an ambiguous return value is read. */
export interface Pkcs11ErrorContext {
  /** A short verb for the cause: `decrypt`, `sign`, `login`, ... */
  readonly operation: string;
  /**
   * Decryptions: SoftHSM answers a failed GCM tag or OAEP padding with CKR_GENERAL_ERROR, a ciphertext of the wrong
   * size with CKR_ARGUMENTS_BAD or CKR_ENCRYPTED_DATA_LEN_RANGE.
   */
  readonly decrypting?: boolean;
  /** Key generation: the mechanism in use, named in the error when the HSM refuses it. */
  readonly mechanism?: string;
}

/** The PKCS#11 return value name of an error thrown by pkcs11js (`CKR_*`), or undefined for other errors. */
export function pkcs11ReturnValue(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (name !== "Pkcs11Error" || typeof code !== "number") return undefined;
  return returnValueName(code);
}

const CIPHERTEXT_INVALID = new Set(["CKR_ENCRYPTED_DATA_INVALID", "CKR_ENCRYPTED_DATA_LEN_RANGE"]);
const DECRYPTION_FAILED = new Set(["CKR_GENERAL_ERROR", "CKR_ARGUMENTS_BAD", "CKR_DATA_LEN_RANGE"]);
const MECHANISM_REFUSED = new Set([
  "CKR_MECHANISM_INVALID",
  "CKR_MECHANISM_PARAM_INVALID",
  "CKR_ARGUMENTS_BAD",
  "CKR_DOMAIN_PARAMS_INVALID",
]);
const UNAVAILABLE = new Set([
  "CKR_PIN_INCORRECT",
  "CKR_PIN_INVALID",
  "CKR_PIN_LEN_RANGE",
  "CKR_PIN_EXPIRED",
  "CKR_PIN_LOCKED",
  "CKR_USER_NOT_LOGGED_IN",
  "CKR_USER_PIN_NOT_INITIALIZED",
  "CKR_DEVICE_ERROR",
  "CKR_DEVICE_MEMORY",
  "CKR_DEVICE_REMOVED",
  "CKR_TOKEN_NOT_PRESENT",
  "CKR_TOKEN_NOT_RECOGNIZED",
  "CKR_SESSION_CLOSED",
  "CKR_SESSION_COUNT",
  "CKR_SESSION_HANDLE_INVALID",
  "CKR_CRYPTOKI_NOT_INITIALIZED",
  "CKR_FUNCTION_CANCELED",
  "CKR_HOST_MEMORY",
]);

/**
 * Translates a PKCS#11 failure into the matching KmsError (STYLE rule 10; DESIGN section 8).
 *
 * - `CKR_ENCRYPTED_DATA_INVALID` / `_LEN_RANGE`, and while decrypting `CKR_GENERAL_ERROR` (SoftHSM 2.6's answer to
 *   a failed GCM tag or bad OAEP padding), `CKR_ARGUMENTS_BAD` and `CKR_DATA_LEN_RANGE` → InvalidCiphertextError.
 * - `CKR_MECHANISM_INVALID` / `_PARAM_INVALID` / `CKR_ARGUMENTS_BAD` / `CKR_DOMAIN_PARAMS_INVALID` for the mechanism
 *   of a key generation → RejectedUnsupportedOperationError naming the mechanism (operations use
 *   `initialiseMechanism`, where the refusal comes from the C_*Init call).
 * - `CKR_KEY_FUNCTION_NOT_PERMITTED` (the object lacks the right, e.g. CKA_DECRYPT on a SIGN/VERIFY key: the
 *   HSM enforcing the KeyUsage) → UnsupportedOperationError, the code the service answers for a wrong usage.
 * - PIN, login, session and device failures → ServiceUnavailableError.
 * - Anything else → InternalFailureError; the CKR name is kept in the cause, never any data.
 *
 * KmsErrors pass through unchanged. The returned error is meant to be thrown by the caller.
 */
export function mapPkcs11Error(error: unknown, context: Pkcs11ErrorContext): KmsError {
  if (isKmsError(error)) return error;
  const ckr = pkcs11ReturnValue(error);
  if (ckr === undefined) {
    // Not a CKR_* value: a pkcs11js argument error or a native failure; both are bugs or broken installs.
    return new InternalFailureError({ cause: error });
  }
  const cause = `HSM ${context.operation} failed: ${ckr}`;
  if (CIPHERTEXT_INVALID.has(ckr) || (context.decrypting && DECRYPTION_FAILED.has(ckr))) {
    return new InvalidCiphertextError({ cause });
  }
  if (context.mechanism && MECHANISM_REFUSED.has(ckr)) {
    return new RejectedUnsupportedOperationError(
      `The HSM does not support ${context.mechanism} (it answered ${ckr}).`,
    );
  }
  if (ckr === "CKR_KEY_FUNCTION_NOT_PERMITTED") {
    return new UnsupportedOperationError(
      `The HSM key does not permit this ${context.operation}: its KeyUsage forbids it (${ckr}).`,
    );
  }
  if (UNAVAILABLE.has(ckr))
    return new ServiceUnavailableError(`the HSM refused the ${context.operation} (${ckr}).`, { cause });
  return new InternalFailureError({ cause });
}

/**
 * Runs a C_EncryptInit / C_DecryptInit / C_SignInit / C_VerifyInit call. The HSM refusing the mechanism or its
 * parameters (`CKR_MECHANISM_INVALID`, `_PARAM_INVALID`, `CKR_ARGUMENTS_BAD`) is reported there, before any data
 * is seen, so only there does it mean "unsupported".
 * @throws RejectedUnsupportedOperationError naming `mechanism` for such a refusal; any other failure unchanged.
 */
export function initialiseMechanism(mechanism: string, init: () => void): void {
  try {
    init();
  } catch (error) {
    const ckr = pkcs11ReturnValue(error);
    if (ckr !== undefined && MECHANISM_REFUSED.has(ckr)) {
      throw new RejectedUnsupportedOperationError(
        `The HSM does not support ${mechanism} (it answered ${ckr}).`,
      );
    }
    throw error;
  }
}
