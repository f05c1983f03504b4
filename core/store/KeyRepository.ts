import type { KeyRecord } from "../keys/KeyRecord";
import type { CreatorType, KeySpec, KeyState, KeyUsage, ProtectionLevel } from "../keys/types";

/** The attributes ListKeys can filter on (AND across attributes, OR within one attribute's values). */
export interface KeyListFilter {
  readonly keyState?: readonly KeyState[];
  readonly keySpec?: readonly KeySpec[];
  readonly keyUsage?: readonly KeyUsage[];
  readonly protectionLevel?: readonly ProtectionLevel[];
  readonly creatorType?: readonly CreatorType[];
  /**
   * When given (ISO `YYYY-MM-DDTHH:mm:ssZ`), keys already past their deletion date at that time are left out: such
   * a key is gone for callers before the purge removes its item (DESIGN section 6).
   */
  readonly liveAt?: string;
}

/** One page of a listing: PageNumber starts at 1; TotalCount counts every match. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly totalCount: number;
  readonly pageNumber: number;
  readonly pageSize: number;
}

export interface PageRequest {
  readonly pageNumber: number;
  readonly pageSize: number;
}

/** A key as ListKeys shows it. */
export interface KeySummary {
  readonly keyId: string;
  readonly arn: string;
}

/**
 * Storage of key records (DESIGN section 5): one item per key, the account in the partition key.
 *
 * Every write is conditional: `create` fails with AlreadyExists if the key id is taken, `update` and `delete`
 * fail with RevisionConflictError when the stored revision is not `expectedRevision`. Implementations translate
 * store errors into KmsErrors (ServiceUnavailableError when the store cannot be reached).
 */
export interface KeyRepository {
  /** Stores a new key (its revision must be 1). */
  create(record: KeyRecord): Promise<void>;
  /** Reads a key of one account with a strongly consistent read; undefined when absent. */
  get(accountId: string, keyId: string): Promise<KeyRecord | undefined>;
  /** Replaces a key whose stored revision is `next.revision - 1`; throws RevisionConflictError otherwise. */
  update(next: KeyRecord): Promise<void>;
  /** Deletes a key whose stored revision is `expectedRevision`; throws RevisionConflictError otherwise. */
  delete(accountId: string, keyId: string, expectedRevision: number): Promise<void>;
  /** One page of an account's keys, oldest first, filtered. */
  list(accountId: string, filter: KeyListFilter, page: PageRequest): Promise<Page<KeySummary>>;
  /** Keys in PendingDeletion whose deleteDate is at or before `now` (ISO), across accounts: for the purge. */
  listDueForPurge(now: string, limit: number): Promise<readonly { accountId: string; keyId: string }[]>;
  /** Enabled keys with automatic rotation whose nextRotationDate is at or before `now`: for the rotation job. */
  listDueForRotation(now: string, limit: number): Promise<readonly { accountId: string; keyId: string }[]>;
  /** Every key of every account, in no order: a scan of the table, for maintenance (the root-key rewrap) only. */
  scanKeyIds(): AsyncIterable<{ accountId: string; keyId: string }>;
}
