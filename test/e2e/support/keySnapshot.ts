/**
 * What "nothing changed" means for a key: its stored record (revision, state, description, tags, versions) and
 * its aliases, read straight from the store of the running stack, bypassing every cache.
 */
import type { LocalStack } from "../../../infra/local/localStack";

/** The parts of a key that any refused request must leave as they were. */
export interface KeySnapshot {
  readonly revision: number;
  readonly keyState: string;
  readonly description: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly versions: readonly string[];
  readonly deletionProtection: boolean;
  readonly rotation: boolean;
  readonly aliases: readonly string[];
}

/** Reads a key's snapshot; throws when the key is not in the store. */
export async function keySnapshot(stack: LocalStack, accountId: string, keyId: string): Promise<KeySnapshot> {
  const record = await stack.deps.keys.get(accountId, keyId);
  if (!record) throw new Error(`key ${keyId} of ${accountId} is not in the store`);
  const aliases = await stack.deps.aliases.listByKey(accountId, keyId, { pageNumber: 1, pageSize: 100 });
  return {
    revision: record.revision,
    keyState: record.keyState,
    description: record.description,
    tags: record.tags,
    versions: record.versions.map((version) => version.versionId),
    deletionProtection: record.deletionProtection.enabled,
    rotation: record.rotation.enabled,
    aliases: aliases.items.map((alias) => alias.aliasName),
  };
}
