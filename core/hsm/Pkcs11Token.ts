import type { Handle, PKCS11 } from "pkcs11js";
import type { HsmObjectRole } from "./hsmKeyLabel";
import { mapPkcs11Error, type Pkcs11ErrorContext, pkcs11ReturnValue } from "./mapPkcs11Error";
import { openSession } from "./openPkcs11Token";
import { type HsmKeyObject, Pkcs11ObjectDirectory } from "./Pkcs11ObjectDirectory";
import { SessionPool } from "./SessionPool";

const STALE_HANDLE = new Set(["CKR_OBJECT_HANDLE_INVALID", "CKR_KEY_HANDLE_INVALID"]);

/**
 * A logged-in token as the driver's operations use it: the pkcs11js module, the session that holds the login
 * (used for quick synchronous calls: object search, attribute reads, destroy), the object directory, and the pool
 * of sessions on which cryptographic operations run with the *Async calls, off the event loop.
 */
export class Pkcs11Token {
  readonly objects: Pkcs11ObjectDirectory;
  private readonly pool: SessionPool<Handle>;

  constructor(
    readonly module: PKCS11,
    private readonly loginSession: Handle,
    readonly slot: Handle,
    poolSize: number,
  ) {
    this.objects = new Pkcs11ObjectDirectory(module, loginSession);
    this.pool = new SessionPool(
      { open: () => openSession(module, slot), close: (session) => module.C_CloseSession(session) },
      poolSize,
    );
  }

  /** Sessions the pool holds open now. */
  get openSessions(): number {
    return this.pool.open;
  }

  /**
   * Runs a step on a pooled session.
   * @throws the step's failure mapped to a KmsError (mapPkcs11Error with `context`).
   */
  async run<T>(context: Pkcs11ErrorContext, step: (session: Handle) => Promise<T>): Promise<T> {
    try {
      return await this.pool.use(step);
    } catch (error) {
      throw mapPkcs11Error(error, context);
    }
  }

  /**
   * Runs a step with one object of a key version on a pooled session. A handle that went stale (another instance
   * destroyed and re-created the object) is looked up again once.
   * @throws InternalFailureError when the object does not exist; the step's failure mapped to a KmsError.
   */
  async withObject<T>(
    label: string,
    role: HsmObjectRole,
    context: Pkcs11ErrorContext,
    step: (object: HsmKeyObject, session: Handle) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const object = this.objects.get(label, role);
      try {
        return await this.pool.use((session) => step(object, session));
      } catch (error) {
        if (attempt === 1 && STALE_HANDLE.has(pkcs11ReturnValue(error) ?? "")) {
          this.objects.forget(label);
          continue;
        }
        throw mapPkcs11Error(error, context);
      }
    }
  }

  /**
   * Destroys every object of a key version (C_DestroyObject) and forgets its handles.
   * @returns how many objects there were.
   */
  destroyAll(label: string): number {
    const handles = this.objects.all(label);
    this.objects.forget(label);
    try {
      for (const handle of handles) this.module.C_DestroyObject(this.loginSession, handle);
    } catch (error) {
      throw mapPkcs11Error(error, { operation: "destroy" });
    }
    return handles.length;
  }

  /**
   * Closes the pool, waits for running operations, then closes the login session (the login ends with the
   * application's last session).
   */
  async close(): Promise<void> {
    await this.pool.close();
    try {
      this.module.C_CloseSession(this.loginSession);
    } catch {
      // Already closed by the library (device removed or finalised): nothing left to release.
    }
  }
}
