import type { CryptoProvider } from "../crypto/CryptoProvider";
import type { ProtectionLevel } from "../keys/types";
import type { AliasRepository } from "../store/AliasRepository";
import type { KeyRepository } from "../store/KeyRepository";
import type { KeyCache } from "./KeyCache";

/** Who is calling: the account is the tenant and scopes every read and write (DESIGN section 3). */
export interface Caller {
  readonly accountId: string;
  readonly accessKeyId?: string;
}

/**
 * The effects every service receives (STYLE rule 5): stores, crypto providers, clock, identifiers and randomness.
 * Nothing in core/service reaches for a global; tests pass their own.
 */
export interface ServiceDeps {
  readonly keys: KeyRepository;
  readonly aliases: AliasRepository;
  /** The crypto provider of a protection level; throws RejectedUnsupportedOperationError when none is configured. */
  readonly crypto: (level: ProtectionLevel) => CryptoProvider;
  readonly clock: () => Date;
  /** A new random UUID (key ids, version ids). */
  readonly newId: () => string;
  readonly randomBytes: (length: number) => Uint8Array;
  /** The region in ARNs (`acs:kms:<region>:<account>:key/<id>`) and DescribeRegions. */
  readonly region: string;
  /** The warm-instance cache of key records and aliases used by the cryptographic operations (optional). */
  readonly keyCache?: KeyCache;
}
