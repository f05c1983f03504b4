import { ConfigurationError } from "../config";
import type { Pkcs11DriverOptions } from "./Pkcs11Driver";

/** The environment as the HSM function receives it. */
export type HsmEnvironment = Readonly<Record<string, string | undefined>>;

function required(env: HsmEnvironment, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new ConfigurationError(`${name} is required.`);
  return value;
}

/**
 * The HSM function's configuration (functions/hsm.ts; STYLE rule 15), read once at cold start. The names are those
 * of core/config.ts's in-process HSM settings:
 * - `KEYWARD_PKCS11_LIBRARY` (required): the vendor's PKCS#11 library, e.g. `/opt/cloudhsm/lib/libcloudhsm_pkcs11.so`.
 * - `KEYWARD_HSM_TOKEN_LABEL` (required): the token's label.
 * - `KEYWARD_HSM_PIN` (required): the crypto user's PIN, from a secret in the cloud (DESIGN section 11).
 * - `KEYWARD_HSM_SESSIONS` (optional, 1–64, default 4): the size of the session pool.
 * - `KEYWARD_HSM_GCM_IV` (optional, `caller` | `hsm`, default `caller`): `hsm` for AWS CloudHSM, which makes the
 *   AES-GCM IVs itself.
 * @throws ConfigurationError ("X is required", or naming the malformed setting); the PIN is never echoed.
 */
export function parseHsmConfig(env: HsmEnvironment): Pkcs11DriverOptions {
  const sessions = env.KEYWARD_HSM_SESSIONS;
  const sessionPoolSize = sessions === undefined || sessions === "" ? 4 : Number(sessions);
  /* Precondition: KEYWARD_HSM_SESSIONS is an integer from 1 to 64. */
  if (!Number.isInteger(sessionPoolSize) || sessionPoolSize < 1 || sessionPoolSize > 64) {
    throw new ConfigurationError("KEYWARD_HSM_SESSIONS must be an integer from 1 to 64.");
  }
  const gcmIv = env.KEYWARD_HSM_GCM_IV || "caller";
  /* Precondition: KEYWARD_HSM_GCM_IV is caller or hsm. */
  if (gcmIv !== "caller" && gcmIv !== "hsm") {
    throw new ConfigurationError("KEYWARD_HSM_GCM_IV must be caller or hsm.");
  }
  return {
    libraryPath: required(env, "KEYWARD_PKCS11_LIBRARY"),
    tokenLabel: required(env, "KEYWARD_HSM_TOKEN_LABEL"),
    pin: required(env, "KEYWARD_HSM_PIN"),
    sessionPoolSize,
    gcmIv,
  };
}
