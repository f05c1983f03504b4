import pkcs11js, { type Handle, type PKCS11 } from "pkcs11js";
import { InternalFailureError } from "../errors";
import { type HsmObjectRole, hsmObjectLabel } from "./hsmKeyLabel";
import { curveOfParams, type HsmCurve } from "./hsmKeyShape";
import { mapPkcs11Error } from "./mapPkcs11Error";

/** A key object found in the HSM, with what the driver needs to use it. */
export interface HsmKeyObject {
  readonly handle: Handle;
  readonly keyType: "aes" | "rsa" | "ec" | "other";
  /** EC keys: the curve, when Keyward serves it. */
  readonly curve?: HsmCurve;
}

const CLASS_OF_ROLE: Readonly<Record<HsmObjectRole, number>> = {
  secret: pkcs11js.CKO_SECRET_KEY,
  private: pkcs11js.CKO_PRIVATE_KEY,
  public: pkcs11js.CKO_PUBLIC_KEY,
};

/**
 * Finds key objects by label and caches their handles (DESIGN section 8: "caches object handles by label").
 * Handles of token objects are valid in every session of the application (PKCS#11 v2.40 section 2.4), so lookups
 * run synchronously on the driver's own session while operations run on pooled ones. The cache is bounded;
 * the oldest entry goes first.
 */
export class Pkcs11ObjectDirectory {
  private readonly cache = new Map<string, HsmKeyObject>();

  constructor(
    private readonly module: PKCS11,
    private readonly session: Handle,
    private readonly capacity = 4096,
  ) {}

  /**
   * The object of a key version with the given role.
   * @throws InternalFailureError when there is none (the record names material the HSM does not hold) or more
   *   than one (labels must be unique).
   */
  get(label: string, role: HsmObjectRole): HsmKeyObject {
    const objectLabel = hsmObjectLabel(label, role);
    const cached = this.cache.get(objectLabel);
    if (cached) return cached;
    const handles = this.find(objectLabel, role);
    /* Precondition: exactly one HSM object carries the label of a key version's half. */
    if (handles.length !== 1) {
      throw new InternalFailureError({ cause: `${handles.length} HSM objects labelled ${objectLabel}` });
    }
    const object = this.describe(handles[0]!);
    if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(objectLabel, object);
    return object;
  }

  /** Every object of a key version (all roles), uncached. */
  all(label: string): Handle[] {
    return (Object.keys(CLASS_OF_ROLE) as HsmObjectRole[]).flatMap((role) =>
      this.find(hsmObjectLabel(label, role), role),
    );
  }

  /** Whether any object of a key version exists. */
  exists(label: string): boolean {
    return this.all(label).length > 0;
  }

  /** Drops the cached handles of a key version (after destroy, or when a handle went stale). */
  forget(label: string): void {
    for (const role of Object.keys(CLASS_OF_ROLE) as HsmObjectRole[])
      this.cache.delete(hsmObjectLabel(label, role));
  }

  /** Reads plain (non-sensitive) attributes of an object. */
  attributes(handle: Handle, types: readonly number[]): Buffer[] {
    try {
      const values = this.module.C_GetAttributeValue(
        this.session,
        handle,
        types.map((type) => ({ type })),
      );
      return values.map((attribute) => attribute.value);
    } catch (error) {
      throw mapPkcs11Error(error, { operation: "attribute read" });
    }
  }

  private find(objectLabel: string, role: HsmObjectRole): Handle[] {
    const template = [
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_CLASS, value: CLASS_OF_ROLE[role] },
      { type: pkcs11js.CKA_LABEL, value: objectLabel },
    ];
    try {
      this.module.C_FindObjectsInit(this.session, template);
      try {
        return this.module.C_FindObjects(this.session, 2);
      } finally {
        this.module.C_FindObjectsFinal(this.session);
      }
    } catch (error) {
      throw mapPkcs11Error(error, { operation: "object search" });
    }
  }

  private describe(handle: Handle): HsmKeyObject {
    const [keyTypeBytes] = this.attributes(handle, [pkcs11js.CKA_KEY_TYPE]);
    const keyType = Number(keyTypeBytes!.readUIntLE(0, Math.min(keyTypeBytes!.length, 6)));
    if (keyType === pkcs11js.CKK_AES) return { handle, keyType: "aes" };
    if (keyType === pkcs11js.CKK_RSA) return { handle, keyType: "rsa" };
    if (keyType === pkcs11js.CKK_EC) {
      const [params] = this.attributes(handle, [pkcs11js.CKA_EC_PARAMS]);
      return { handle, keyType: "ec", curve: curveOfParams(params!) };
    }
    return { handle, keyType: "other" };
  }
}
