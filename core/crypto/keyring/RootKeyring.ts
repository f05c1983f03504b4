import { InternalCryptoError } from "../../errors";
import { copyBytes, type RandomBytes, wipe } from "../bytes";

/** The length of a root key: AES-256 (DESIGN section 7). */
export const ROOT_KEY_BYTES = 32;

const ROOT_KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Whether `id` can name a root key: 1-64 characters of `A-Z a-z 0-9 . _ -`, starting with a letter or digit. */
export function isRootKeyId(id: string): boolean {
  return ROOT_KEY_ID.test(id);
}

/**
 * The root keys of a Keyward deployment (DESIGN section 7): id → 32-byte AES-256 key, one of them primary. New
 * material is wrapped under the primary; any key of the ring unwraps what it wrapped, so a rotation adds a key and
 * makes it primary while the old ones stay for reading.
 *
 * A keyring is immutable and owns copies of its keys. It never shows them: `toJSON()` and the inspected form list
 * the ids only; {@link RootKeyring.serialize} is the one deliberate way to write the keys out (the local key file).
 */
export class RootKeyring {
  /** The id of the key that wraps new material. */
  readonly primaryId: string;
  readonly #keys: ReadonlyMap<string, Uint8Array>;

  private constructor(primaryId: string, keys: Map<string, Uint8Array>) {
    this.primaryId = primaryId;
    this.#keys = keys;
  }

  /**
   * A keyring holding copies of `keys`, with `primaryId` primary.
   * @throws InternalCryptoError when there is no key, an id is malformed, a key is not 32 bytes, or `primaryId`
   *   is not among the keys.
   */
  static fromKeys(primaryId: string, keys: Readonly<Record<string, Uint8Array>>): RootKeyring {
    const map = new Map<string, Uint8Array>();
    try {
      for (const [id, key] of Object.entries(keys)) {
        /* Precondition: every root key id is well-formed. */
        if (!isRootKeyId(id))
          throw new InternalCryptoError(`root keyring: malformed root key id ${JSON.stringify(id)}`);
        /* Precondition: every root key is 32 bytes. */
        if (!(key instanceof Uint8Array) || key.length !== ROOT_KEY_BYTES) {
          throw new InternalCryptoError(`root keyring: root key "${id}" is not ${ROOT_KEY_BYTES} bytes`);
        }
        map.set(id, copyBytes(key));
      }
      /* Precondition: the primary root key is in the keyring. */
      if (!map.has(primaryId)) {
        throw new InternalCryptoError(
          `root keyring: the primary root key "${primaryId}" is not among its keys`,
        );
      }
    } catch (error) {
      for (const copy of map.values()) wipe(copy);
      throw error;
    }
    return new RootKeyring(primaryId, map);
  }

  /**
   * A new keyring of one random root key (first start of the local stack, tests).
   * @throws InternalCryptoError when `id` is malformed or the random source returns the wrong length.
   */
  static generate(id: string, randomBytes: RandomBytes): RootKeyring {
    const key = randomBytes(ROOT_KEY_BYTES);
    try {
      return RootKeyring.fromKeys(id, { [id]: key });
    } finally {
      wipe(key);
    }
  }

  /**
   * A new keyring with one more key (this one is unchanged). With `primary`, the new key wraps new material: that
   * is a root-key rotation. Adding an id that exists is refused, so a key can never be silently replaced.
   * @throws InternalCryptoError when the id exists or is malformed, or the key is not 32 bytes.
   */
  withKey(id: string, key: Uint8Array, options: { readonly primary: boolean }): RootKeyring {
    /* Precondition: a root key id is never reused. */
    if (this.#keys.has(id)) throw new InternalCryptoError(`root keyring: root key "${id}" already exists`);
    const keys: Record<string, Uint8Array> = Object.fromEntries(this.#keys);
    keys[id] = key;
    return RootKeyring.fromKeys(options.primary ? id : this.primaryId, keys);
  }

  /** The ids of every root key, in insertion order. */
  get ids(): readonly string[] {
    return [...this.#keys.keys()];
  }

  /** Whether the keyring holds a root key with this id. */
  has(id: string): boolean {
    return this.#keys.has(id);
  }

  /**
   * The root key with this id, borrowed: the caller uses it at once and neither keeps nor wipes it.
   * @throws InternalCryptoError when the keyring has no such key.
   */
  key(id: string): Uint8Array {
    const key = this.#keys.get(id);
    /* Precondition: the named root key is in the keyring. */
    if (key === undefined) throw new InternalCryptoError(`root key "${id}" is not in the keyring`);
    return key;
  }

  /** The JSON text `{"primary":"id","keys":{"id":"<base64 of 32 bytes>"}}` that {@link parseRootKeyring} reads. */
  serialize(): string {
    const keys: Record<string, string> = {};
    for (const [id, key] of this.#keys)
      keys[id] = Buffer.from(key.buffer, key.byteOffset, key.length).toString("base64");
    return JSON.stringify({ primary: this.primaryId, keys });
  }

  /** Wipes every key; the keyring is unusable afterwards (every unwrap fails). */
  destroy(): void {
    for (const key of this.#keys.values()) wipe(key);
  }

  /** What JSON.stringify (and so any logger) shows: the ids, never the keys. */
  toJSON(): { primary: string; ids: readonly string[] } {
    return { primary: this.primaryId, ids: this.ids };
  }

  /** What util.inspect (console.log) shows: the ids, never the keys. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `RootKeyring { primary: ${JSON.stringify(this.primaryId)}, ids: ${JSON.stringify(this.ids)} }`;
  }
}
