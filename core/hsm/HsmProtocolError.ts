import { InternalFailureError } from "../errors";

/**
 * A message of the HSM contract that breaks it: unknown version or op, missing or unknown field, wrong type,
 * bad base64. Only Keyward's own code speaks the contract, so this is a bug or a version skew between the API
 * functions and the HSM function: 500 InternalFailure to the caller, with `detail` saying exactly what is wrong
 * (kept in the cause for the logs; no payload bytes are ever quoted).
 */
export class HsmProtocolError extends InternalFailureError {
  /** What is wrong, e.g. `request field "digest" is not base64`. */
  readonly detail: string;

  constructor(detail: string) {
    super({ cause: `HSM contract violation: ${detail}` });
    this.detail = detail;
  }
}
