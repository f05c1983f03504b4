/** Whether an AccessKey may sign requests. */
export type AccessKeyStatus = "Enabled" | "Disabled";

/** The statuses an AccessKey can have. */
export const ACCESS_KEY_STATUSES: readonly AccessKeyStatus[] = ["Enabled", "Disabled"];

/**
 * An AccessKey (DESIGN section 3): the id a request names and the HMAC secret it is signed with, for one account
 * (the tenant). The secret is stored only wrapped under a root key (wrapped by core/crypto; the store keeps bytes).
 */
export interface AccessKeyRecord {
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly secret: { readonly rootKeyId: string; readonly wrapped: Uint8Array };
  readonly status: AccessKeyStatus;
  /** ISO-8601 UTC, second precision. */
  readonly creationDate: string;
  readonly description?: string;
}

/** An AccessKey as a listing shows it: everything but the secret. */
export type AccessKeySummary = Omit<AccessKeyRecord, "secret">;

/**
 * Storage of AccessKeys (DESIGN section 5): one item per AccessKey, found by its id alone (a request names its
 * AccessKey before the account is known), listed per account.
 */
export interface AccessKeyRepository {
  /** Stores a new AccessKey; throws AccessKeyAlreadyExistsError when the id is taken. */
  create(record: AccessKeyRecord): Promise<void>;
  /** The AccessKey with this id (strongly consistent read); undefined when there is none. */
  get(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  /** Enables or disables an AccessKey; throws AccessKeyNotFoundError when there is none. */
  setStatus(accessKeyId: string, status: AccessKeyStatus): Promise<void>;
  /** Every AccessKey of an account, oldest first, without secrets. */
  listByAccount(accountId: string): Promise<readonly AccessKeySummary[]>;
  /** Every AccessKey id, in no order: a scan of the table, for maintenance (the root-key rewrap) only. */
  scanAccessKeyIds(): AsyncIterable<string>;
  /**
   * Replaces an AccessKey's wrapped secret (the same secret wrapped anew) if it is still wrapped under
   * `expectedRootKeyId`; returns false, changing nothing, when it is not (another rewrap won) or the key is gone.
   */
  replaceWrappedSecret(
    accessKeyId: string,
    expectedRootKeyId: string,
    secret: AccessKeyRecord["secret"],
  ): Promise<boolean>;
}
