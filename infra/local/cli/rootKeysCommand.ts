import { rewrapUnderPrimary, rootKeyUse } from "../../../core/service/rootKeyRewrap";
import { DynamoAccessKeyRepository } from "../../../core/store/DynamoAccessKeyRepository";
import { DynamoKeyRepository } from "../../../core/store/DynamoKeyRepository";
import type { CliIo } from "./CliIo";
import type { CliTarget } from "./cliTarget";
import { UsageError } from "./usage";

/**
 * `root-keys status|rewrap`: what each root key wraps, and the move of everything to the keyring's primary
 * (core/service/rootKeyRewrap.ts), in the target's table with the target's keyring. Returns the exit status.
 * @throws UsageError for a bad command line; InternalCryptoError when a root key in use is missing from the keyring.
 */
export async function rootKeysCommand(args: readonly string[], target: () => Promise<CliTarget>, io: CliIo) {
  const [subcommand, ...rest] = args;
  /* Precondition: root-keys takes a subcommand and nothing else. */
  if ((subcommand !== "status" && subcommand !== "rewrap") || rest.length > 0) {
    throw new UsageError("root-keys takes status or rewrap, and no other argument.");
  }
  const opened = await target();
  const store = { client: opened.client, tableName: opened.tableName };
  const deps = {
    keys: new DynamoKeyRepository(store),
    accessKeys: new DynamoAccessKeyRepository(store),
    keyring: opened.keyring(),
  };
  if (subcommand === "rewrap") {
    const moved = await rewrapUnderPrimary(deps);
    io.out(
      `Moved ${moved.keyVersions} key version(s) and ${moved.accessKeys} AccessKey secret(s) to root key ` +
        `${deps.keyring.primaryId} (${opened.description}).`,
    );
  }
  const use = await rootKeyUse(deps);
  const ids = [...new Set([...Object.keys(use.keyVersions), ...Object.keys(use.accessKeys)])].sort();
  io.out(`Primary root key: ${deps.keyring.primaryId}`);
  for (const id of ids) {
    io.out(
      `${id}: ${use.keyVersions[id] ?? 0} key version(s), ${use.accessKeys[id] ?? 0} AccessKey secret(s)`,
    );
  }
  const retirable = ids.length === 0 || (ids.length === 1 && ids[0] === deps.keyring.primaryId);
  io.out(
    retirable
      ? "Nothing is wrapped under any other root key: the others may leave KEYWARD_ROOT_KEYS."
      : "Some secrets are wrapped under non-primary root keys: keep those keys (or run root-keys rewrap).",
  );
  return 0;
}
