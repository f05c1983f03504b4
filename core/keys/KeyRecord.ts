import type { CreatorType, KeySpec, KeyState, KeyUsage, Origin, ProtectionLevel } from "./types";

/**
 * Where a key version's material lives (DESIGN section 5). Plaintext material is never stored anywhere.
 * - `software`: the material wrapped with AES-256-GCM under the root key `rootKeyId`
 *   (associated data = account, key id, version id, KeySpec; see core/crypto/rootKeyring.ts).
 * - `hsm`: the label of the token object inside the HSM.
 */
export type MaterialRef =
  | { readonly kind: "software"; readonly rootKeyId: string; readonly wrapped: Uint8Array }
  | { readonly kind: "hsm"; readonly label: string };

/** One version of a key. */
export interface KeyVersion {
  readonly versionId: string;
  /** ISO-8601 UTC, second precision (`2024-03-25T10:00:00Z`). */
  readonly creationDate: string;
  readonly material: MaterialRef;
  /** Asymmetric keys: the public key as PEM SubjectPublicKeyInfo. */
  readonly publicKey?: string;
}

/** The automatic rotation policy of a symmetric key (DESIGN section 6). */
export interface RotationPolicy {
  readonly enabled: boolean;
  /** The interval in seconds; present whenever rotation was ever configured. */
  readonly intervalSeconds?: number;
  readonly lastRotationDate?: string;
  readonly nextRotationDate?: string;
}

/** The identity of a key version, as everything that touches its material needs it. */
export interface KeyVersionIdentity {
  readonly accountId: string;
  readonly keyId: string;
  readonly versionId: string;
  readonly keySpec: KeySpec;
}

/**
 * A customer master key with all its versions: one DynamoDB item (DESIGN section 5).
 * Records are immutable values; transitions in core/keys/stateMachine.ts return new records.
 */
export interface KeyRecord {
  readonly accountId: string;
  readonly keyId: string;
  readonly arn: string;
  readonly keySpec: KeySpec;
  readonly keyUsage: KeyUsage;
  readonly origin: Origin;
  readonly protectionLevel: ProtectionLevel;
  readonly keyState: KeyState;
  readonly description: string;
  /** The account id for user keys, the service code (for example `S3`) for service keys. */
  readonly creator: string;
  readonly creatorType: CreatorType;
  readonly creationDate: string;
  /** Only while PendingDeletion: when the key is destroyed. */
  readonly deleteDate?: string;
  readonly deletionProtection: { readonly enabled: boolean; readonly description?: string };
  readonly rotation: RotationPolicy;
  /** Symmetric keys: the version Encrypt uses. Asymmetric keys have no primary version. */
  readonly primaryKeyVersion?: string;
  /** Every version, oldest first. */
  readonly versions: readonly KeyVersion[];
  readonly tags: Readonly<Record<string, string>>;
  /** Incremented by every write; each write is conditional on the revision it read. */
  readonly revision: number;
}
