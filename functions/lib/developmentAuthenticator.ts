import type { Authenticator, Principal } from "./Authenticator";

/**
 * An authenticator for development and tests: every request, signed or not, belongs to one account.
 * It checks nothing, so it must never be configured in the cloud; the signature verifier of core/auth replaces it.
 *
 * @param accountId the account every request is attributed to.
 * @param accessKeyId recorded in audit lines as the caller's AccessKey (default `development`).
 */
export function developmentAuthenticator(accountId: string, accessKeyId = "development"): Authenticator {
  const principal: Principal = Object.freeze({ accountId, accessKeyId });
  return { authenticate: async () => principal };
}
