import { type RootKeyring, unwrapSecret, wrapSecret } from "../crypto/rootKeyring";
import { InvalidParameterError } from "../errors";
import { isoSeconds } from "../keys/dates";
import type {
  AccessKeyRecord,
  AccessKeyRepository,
  AccessKeyStatus,
  AccessKeySummary,
} from "../store/AccessKeyRepository";

/** The wrapping purpose of AccessKey secrets: they can never be unwrapped as key material, nor the reverse. */
export const ACCESS_KEY_SECRET_PURPOSE = "access-key-secret";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const ACCESS_KEY_ID = /^[A-Za-z0-9]{16,64}$/;
const ACCESS_KEY_SECRET = /^[\x21-\x7e]{16,128}$/;

/** The effects AccessKey management needs. */
export interface AccessKeyDeps {
  readonly accessKeys: AccessKeyRepository;
  readonly keyring: RootKeyring;
  readonly clock: () => Date;
  readonly randomBytes: (length: number) => Uint8Array;
}

/** Random text over [A-Za-z0-9] without modulo bias (rejection sampling). */
function randomText(deps: Pick<AccessKeyDeps, "randomBytes">, length: number): string {
  let text = "";
  while (text.length < length) {
    for (const byte of deps.randomBytes(length * 2)) {
      if (byte < 248 && text.length < length) text += ALPHABET[byte % 62];
    }
  }
  return text;
}

/**
 * Creates an AccessKey for an account: an id `KW` + 22 characters and a 30-character secret, unless both are given
 * (the development AccessKey of `npm start` may be fixed by configuration). The secret is stored only wrapped
 * under the root keyring and is returned once, here.
 * @throws InvalidParameterError for a malformed fixed id or secret; AccessKeyAlreadyExistsError for a taken id.
 */
export async function createAccessKey(
  deps: AccessKeyDeps,
  input: { accountId: string; description?: string; accessKeyId?: string; secret?: string },
): Promise<{ accessKeyId: string; secret: string; record: AccessKeySummary }> {
  const accessKeyId = input.accessKeyId ?? `KW${randomText(deps, 22)}`;
  const secret = input.secret ?? randomText(deps, 30);
  /* Precondition: an AccessKey id is 16-64 letters and digits. */
  if (!ACCESS_KEY_ID.test(accessKeyId))
    throw new InvalidParameterError("AccessKeyId", "Use 16-64 letters and digits.");
  /* Precondition: an AccessKey secret is 16-128 printable ASCII characters. */
  if (!ACCESS_KEY_SECRET.test(secret))
    throw new InvalidParameterError("AccessKeySecret", "Use 16-128 printable characters.");
  const secretBytes = new TextEncoder().encode(secret);
  const record: AccessKeyRecord = {
    accessKeyId,
    accountId: input.accountId,
    secret: wrapSecret(deps.keyring, ACCESS_KEY_SECRET_PURPOSE, [accessKeyId, input.accountId], secretBytes),
    status: "Enabled",
    creationDate: isoSeconds(deps.clock()),
    ...(input.description ? { description: input.description } : {}),
  };
  secretBytes.fill(0);
  await deps.accessKeys.create(record);
  const { secret: _wrapped, ...summary } = record;
  return { accessKeyId, secret, record: summary };
}

/** Enables or disables an AccessKey. @throws AccessKeyNotFoundError */
export function setAccessKeyStatus(
  deps: AccessKeyDeps,
  accessKeyId: string,
  status: AccessKeyStatus,
): Promise<void> {
  return deps.accessKeys.setStatus(accessKeyId, status);
}

/** The AccessKeys of an account, without secrets. */
export function listAccessKeys(deps: AccessKeyDeps, accountId: string): Promise<readonly AccessKeySummary[]> {
  return deps.accessKeys.listByAccount(accountId);
}

/** What request authentication needs to know of an AccessKey. The secret is bytes the caller must not keep. */
export interface AccessKeyCredentials {
  readonly accountId: string;
  readonly secret: Uint8Array;
  readonly enabled: boolean;
}

/**
 * Looks AccessKeys up for request authentication, unwrapping their secrets, with a short per-instance cache so a
 * warm request makes no store call (a disabled AccessKey is refused within `ttlMs`, default 5 s).
 */
export function accessKeyLookup(
  deps: Pick<AccessKeyDeps, "accessKeys" | "keyring" | "clock">,
  ttlMs = 5_000,
  maxEntries = 1_000,
): (accessKeyId: string) => Promise<AccessKeyCredentials | undefined> {
  const cache = new Map<string, { value: AccessKeyCredentials | undefined; expiresAt: number }>();
  return async (accessKeyId) => {
    const now = deps.clock().getTime();
    const hit = cache.get(accessKeyId);
    if (hit && hit.expiresAt > now) return hit.value;
    const record = await deps.accessKeys.get(accessKeyId);
    const value = record && {
      accountId: record.accountId,
      secret: unwrapSecret(
        deps.keyring,
        ACCESS_KEY_SECRET_PURPOSE,
        [record.accessKeyId, record.accountId],
        record.secret,
      ),
      enabled: record.status === "Enabled",
    };
    if (cache.size >= maxEntries) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.delete(accessKeyId);
    cache.set(accessKeyId, { value, expiresAt: now + ttlMs });
    return value;
  };
}
