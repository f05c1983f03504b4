/**
 * The pluggable authentication step of the middleware stack (DESIGN section 3, "Authentication"). The shapes are
 * core/auth's: the stack builds a `RawRequest` from the API Gateway event (decoded parameters, lower-cased headers,
 * the raw body bytes), asks the configured `Authenticator` for the `Principal`, and from then on trusts only the
 * principal's account.
 */
export type { Authenticator, Principal, RawRequest } from "../../core/auth/types";
