import pkcs11js, { type Handle, type PKCS11 } from "pkcs11js";
import { ServiceUnavailableError } from "../errors";
import { mapPkcs11Error, pkcs11ReturnValue } from "./mapPkcs11Error";

/** The slot of a token and the session that holds the login. */
export interface OpenToken {
  readonly slot: Handle;
  readonly loginSession: Handle;
}

/** Opens a read/write PKCS#11 session on a slot. */
export function openSession(module: PKCS11, slot: Handle): Handle {
  try {
    return module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  } catch (error) {
    throw mapPkcs11Error(error, { operation: "session open" });
  }
}

function findSlot(module: PKCS11, tokenLabel: string): Handle {
  try {
    // Token labels are blank-padded to 32 characters (PKCS#11 v2.40 section 3.2, CK_TOKEN_INFO).
    const slot = module
      .C_GetSlotList(true)
      .find((candidate) => module.C_GetTokenInfo(candidate).label.trim() === tokenLabel);
    if (slot) return slot;
  } catch (error) {
    throw new ServiceUnavailableError("the HSM's slots cannot be listed.", {
      cause: mapPkcs11Error(error, { operation: "slot list" }),
    });
  }
  // The label goes to the logs (the cause), not to the caller.
  throw new ServiceUnavailableError("the HSM has no token of the configured label.", {
    cause: `no token labelled "${tokenLabel}"`,
  });
}

/**
 * Finds the token by label and logs in as the normal user (CKU_USER) on a session kept open for the driver's
 * life: PKCS#11 login state belongs to the application and ends when its last session closes (v2.40 section 5.6),
 * so this session keeps every pooled session logged in. Another driver of the same process may have logged in
 * already (CKR_USER_ALREADY_LOGGED_IN), which is fine.
 * @throws ServiceUnavailableError when the token is missing, or the PIN is refused (the PIN is never in the error).
 */
export function openPkcs11Token(module: PKCS11, tokenLabel: string, pin: string): OpenToken {
  const slot = findSlot(module, tokenLabel);
  const loginSession = openSession(module, slot);
  try {
    module.C_Login(loginSession, pkcs11js.CKU_USER, pin);
  } catch (error) {
    const ckr = pkcs11ReturnValue(error);
    if (ckr !== "CKR_USER_ALREADY_LOGGED_IN") {
      module.C_CloseSession(loginSession);
      throw new ServiceUnavailableError(`the HSM login failed (${ckr ?? "not a PKCS#11 error"}).`, {
        cause: ckr ?? error,
      });
    }
  }
  return { slot, loginSession };
}
