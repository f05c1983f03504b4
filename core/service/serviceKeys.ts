import { createHash } from "node:crypto";
import { AliasAlreadyExistsError } from "../errors";
import type { KeyRecord } from "../keys/KeyRecord";
import { KeyAlreadyExistsError } from "../store/errors";
import { createKey } from "./createKey";
import { aliasArn } from "./keyReference";
import { readLiveKey } from "./resolveKey";
import type { ServiceDeps } from "./ServiceDeps";

/** The services integrated with Keyward that own service keys (DESIGN section 1). */
export const SERVICE_CODES = ["S3"] as const;
export type ServiceCode = (typeof SERVICE_CODES)[number];

/** `alias/acs/<service code in lower case>`: the alias of an account's service key. */
export function serviceKeyAlias(serviceCode: ServiceCode): string {
  return `alias/acs/${serviceCode.toLowerCase()}`;
}

/**
 * The key id of an account's service key is derived from the account and the service code, so every creator
 * racing for it writes the same id and the conditional create lets exactly one win (no orphan keys, no lock).
 * The id is a UUID (version 8, RFC 9562 "custom") made from SHA-256 of the pair.
 */
export function serviceKeyId(accountId: string, serviceCode: ServiceCode): string {
  const hash = createHash("sha256").update(`keyward/service-key\0${accountId}\0${serviceCode}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x80;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Gets an account's service key for an integrated service, creating it (AES-256, SOFTWARE, Creator = the service
 * code) and its alias `alias/acs/<code>` on first use. Idempotent under concurrency: racing callers end with one
 * key and one alias, because both the key id and the alias name are fixed and both writes are conditional.
 * A crash between the two writes is repaired by the next call.
 * @throws whatever the store or the crypto provider throws; KeyNotFoundError if the service key was scheduled for
 * deletion and is past its date.
 */
export async function getOrCreateServiceKey(
  deps: ServiceDeps,
  accountId: string,
  serviceCode: ServiceCode,
): Promise<KeyRecord> {
  const aliasName = serviceKeyAlias(serviceCode);
  const alias = await deps.aliases.get(accountId, aliasName);
  if (alias) return readLiveKey(deps, accountId, alias.keyId);

  const keyId = serviceKeyId(accountId, serviceCode);
  let key: KeyRecord;
  try {
    key = await createKey(
      deps,
      { accountId },
      { keySpec: "Aliyun_AES_256", description: `Service key of ${serviceCode}` },
      { creator: serviceCode, creatorType: "Service", keyId },
    );
  } catch (error) {
    if (!(error instanceof KeyAlreadyExistsError)) throw error;
    key = await readLiveKey(deps, accountId, keyId);
  }
  try {
    await deps.aliases.create({
      accountId,
      aliasName,
      keyId,
      aliasArn: aliasArn(deps.region, accountId, aliasName),
    });
  } catch (error) {
    if (!(error instanceof AliasAlreadyExistsError)) throw error;
  }
  return key;
}
