import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ConfigurationError } from "../../../core/config";
import { parseRootKeyring, type RootKeyring } from "../../../core/crypto/rootKeyring";
import { type DynaliteHandle, startDynalite } from "../embeddedDynalite";
import { runningLocalEndpoint } from "../localEndpoint";
import { localFiles, localRootKeyring } from "../localFiles";
import type { GlobalOptions } from "./globalOptions";
import { CliFailure } from "./usage";

/** The table name of the local store (infra/local/localStack.ts). */
const LOCAL_TABLE = "keyward";

/** The store a command acts on, and how to get its root keyring. */
export interface CliTarget {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Keyward's API region (KEYWARD_REGION, default cn-hangzhou): the region of key ARNs. */
  readonly region: string;
  /** What the target is, for messages: "the running local service's store", "table X", ... */
  readonly description: string;
  /** The root keyring, loaded on first use. @throws ConfigurationError when there is none. */
  keyring(): RootKeyring;
  close(): Promise<void>;
}

/**
 * Opens where access-key and decrypt-object act (see the usage text): a deployed table with the default AWS
 * credentials and KEYWARD_ROOT_KEYS; or the local store of `dir`, through the running service's store endpoint
 * when `<dir>/endpoint.json` names a live process (the service holds the lock on the persisted files), otherwise
 * by opening the persisted store itself.
 */
export async function openCliTarget(
  options: GlobalOptions,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CliTarget> {
  const region = env.KEYWARD_REGION || "cn-hangzhou";
  if (options.table !== undefined) {
    const client = new DynamoDBClient(options.region ? { region: options.region } : {});
    try {
      await client.config.region();
    } catch {
      client.destroy();
      /* Precondition: a deployed table has a region (--region, or the AWS SDK's configuration). */
      throw new CliFailure("No AWS region for the table: give --region <r> or set AWS_REGION.");
    }
    return {
      client,
      tableName: options.table,
      region,
      description: `table ${options.table}${options.region ? ` in ${options.region}` : ""}`,
      keyring: once(() => {
        const text = env.KEYWARD_ROOT_KEYS;
        /* Precondition: a deployed table's root keys come from KEYWARD_ROOT_KEYS. */
        if (!text)
          throw new ConfigurationError("KEYWARD_ROOT_KEYS is required with --table (the stage's root keys).");
        return parseRootKeyring(text);
      }),
      close: async () => client.destroy(),
    };
  }
  // As `npm start` does: the keyring file is made on first use.
  const keyring = once(() => localRootKeyring(localFiles(options.dir)));
  const running = runningLocalEndpoint(options.dir);
  if (running) {
    const client = new DynamoDBClient({
      endpoint: running.store,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    return {
      client,
      tableName: LOCAL_TABLE,
      region,
      description: `the store of the service running in ${options.dir} (pid ${running.pid})`,
      keyring,
      close: async () => client.destroy(),
    };
  }
  const files = localFiles(options.dir);
  const store: DynaliteHandle = await startDynalite({ path: files.storeDir, tableName: LOCAL_TABLE });
  return {
    client: store.client,
    tableName: store.tableName,
    region,
    description: `the local store in ${files.storeDir}`,
    keyring,
    close: () => store.stop(),
  };
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
