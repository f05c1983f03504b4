import {
  InternalFailureError,
  InvalidCiphertextError,
  InvalidParameterError,
  KeyNotFoundError,
  KmsError,
  RejectedUnsupportedOperationError,
  ServiceUnavailableError,
  UnsupportedOperationError,
} from "../errors";
import type { HsmWireError } from "./contract";

/** The KmsError classes an HSM failure can be, by code, so `instanceof` still works after the trip. */
const CLASSES: Readonly<Record<string, () => KmsError>> = {
  InvalidCiphertext: () => new InvalidCiphertextError(),
  "Rejected.UnsupportedOperation": () => new RejectedUnsupportedOperationError(""),
  UnsupportedOperation: () => new UnsupportedOperationError(""),
  InvalidParameter: () => new InvalidParameterError(""),
  "Forbidden.KeyNotFound": () => new KeyNotFoundError(),
  ServiceUnavailableTemporary: () => new ServiceUnavailableError(""),
  InternalFailure: () => new InternalFailureError(),
};

/** The failure part of a response: the error's code, HTTP status and safe message (never the cause). */
export function kmsErrorToWire(error: KmsError): HsmWireError {
  return { code: error.code, httpStatus: error.httpStatus, message: error.message };
}

/**
 * Rebuilds the KmsError an HSM failure response carries: the same class where the code is one the HSM answers
 * (InvalidCiphertextError, RejectedUnsupportedOperationError, ServiceUnavailableError, ...), a plain KmsError
 * otherwise, always with the sender's code, status and message.
 */
export function kmsErrorFromWire(wire: HsmWireError): KmsError {
  const make = Object.hasOwn(CLASSES, wire.code) ? CLASSES[wire.code] : undefined;
  if (!make)
    return new KmsError(wire.code, wire.httpStatus, wire.message, { cause: "reported by the HSM function" });
  const error = make();
  error.message = wire.message;
  if (error.httpStatus !== wire.httpStatus) {
    return new KmsError(wire.code, wire.httpStatus, wire.message, { cause: "reported by the HSM function" });
  }
  return error;
}
