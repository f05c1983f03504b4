import pkcs11js, { type PKCS11 } from "pkcs11js";
import { ServiceUnavailableError } from "../errors";
import { mapPkcs11Error, pkcs11ReturnValue } from "./mapPkcs11Error";

/** A share of one loaded, initialised PKCS#11 library; give it back with `release()`. */
export interface Pkcs11LibraryLease {
  readonly module: PKCS11;
  /** Drops this share; the last one finalises the library (C_Finalize) and unloads it. */
  release(): void;
}

interface LoadedLibrary {
  readonly module: PKCS11;
  readonly initialisedHere: boolean;
  users: number;
}

/*
 * A PKCS#11 library is initialised once per process (C_Initialize, PKCS#11 v2.40 section 5.4): a second
 * C_Initialize answers CKR_CRYPTOKI_ALREADY_INITIALIZED and one C_Finalize ends it for every caller. So this one
 * process-wide table is the only module-level state in core with an effect (the ACS3 parsers in core/auth keep a
 * memo of their last input, and core/crypto/asymmetric/ecArithmetic.ts one of each curve's generator, which no
 * caller can observe): drivers share a library by path and the last one out finalises it.
 */
const libraries = new Map<string, LoadedLibrary>();

function load(libraryPath: string): LoadedLibrary {
  const module = new pkcs11js.PKCS11();
  try {
    module.load(libraryPath);
  } catch (error) {
    // The path goes to the logs (the cause), not to the caller.
    throw new ServiceUnavailableError("the PKCS#11 library cannot be loaded.", {
      cause: new Error(`cannot load ${libraryPath}`, { cause: error }),
    });
  }
  try {
    // Without CKF_OS_LOCKING_OK, concurrent calls on several sessions corrupt SoftHSM's heap (stack-notes 4).
    module.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    return { module, initialisedHere: true, users: 0 };
  } catch (error) {
    if (pkcs11ReturnValue(error) === "CKR_CRYPTOKI_ALREADY_INITIALIZED") {
      return { module, initialisedHere: false, users: 0 };
    }
    module.close();
    const mapped = mapPkcs11Error(error, { operation: "initialisation" });
    throw new ServiceUnavailableError("the PKCS#11 library failed to initialise.", {
      cause: new Error(`cannot initialise ${libraryPath}`, { cause: mapped.cause ?? mapped }),
    });
  }
}

/**
 * Loads and initialises the PKCS#11 library at `libraryPath` with `CKF_OS_LOCKING_OK`, or shares the copy this
 * process already holds.
 * @throws ServiceUnavailableError when the library cannot be loaded or initialised (wrong path, broken install).
 */
export function acquirePkcs11Library(libraryPath: string): Pkcs11LibraryLease {
  let library = libraries.get(libraryPath);
  if (!library) {
    library = load(libraryPath);
    libraries.set(libraryPath, library);
  }
  library.users += 1;
  const held = library;
  let released = false;
  return {
    module: held.module,
    release() {
      if (released) return;
      released = true;
      held.users -= 1;
      if (held.users > 0) return;
      libraries.delete(libraryPath);
      try {
        if (held.initialisedHere) held.module.C_Finalize();
        held.module.close();
      } catch {
        // Shutting down: a library that fails to finalise has nothing left to tell us.
      }
    },
  };
}
