import { randomUUID } from "node:crypto";
import { Pkcs11Driver, type Pkcs11DriverOptions } from "../../../core/hsm/Pkcs11Driver";
import type { KeyVersionIdentity } from "../../../core/keys/KeyRecord";
import type { KeySpec } from "../../../core/keys/types";
import { createSoftHsmToken, type SoftHsmToken } from "../../support/softhsm";

/** A private SoftHSM token with a driver open on it. */
export interface SoftHsmFixture {
  readonly token: SoftHsmToken;
  readonly driver: Pkcs11Driver;
  close(): Promise<void>;
}

/** Creates a token and opens a driver on it (call inside a suite guarded by hsmTestsEnabled). */
export async function openSoftHsmFixture(
  options: Partial<Pkcs11DriverOptions> = {},
): Promise<SoftHsmFixture> {
  const token = await createSoftHsmToken();
  if (!token) throw new Error("SoftHSM is not installed");
  const driver = await Pkcs11Driver.open({ ...token, ...options });
  return {
    token,
    driver,
    async close() {
      await driver.close();
      await token.cleanup();
    },
  };
}

/** A fresh key version identity of a test account. */
export function newIdentity(keySpec: KeySpec, accountId = "1234567890"): KeyVersionIdentity {
  return { accountId, keyId: randomUUID(), versionId: randomUUID(), keySpec };
}
