import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createTable } from "../../core/store/createTable";

/** The part of dynalite's CommonJS export used here (the package ships no types). */
type DynaliteFactory = (options: { createTableMs?: number; path?: string }) => Server;

/** A running in-process dynalite with Keyward's table created in it. */
export interface DynaliteHandle {
  /** A client for this dynalite (created here; destroyed by `stop`). */
  readonly client: DynamoDBClient;
  /** The table created at start. */
  readonly tableName: string;
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Creates one more empty Keyward table (a clean slate for one test) and returns its name. */
  newTable(): Promise<string>;
  /** Destroys the client and closes the server; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartDynaliteOptions {
  /** A directory to persist the data in (LevelDB); in memory when absent. */
  readonly path?: string;
  /** The name of the table created at start (default: a fresh `keyward-<random>`). */
  readonly tableName?: string;
  /** The loopback port to listen on (default: a free one). */
  readonly port?: number;
}

/**
 * Starts dynalite (the embedded DynamoDB-compatible store, stack-notes section 7) inside this process on a
 * loopback port (used by `npm start` with a path under .keyward/, and by the tests in memory), with tables ACTIVE at once (`createTableMs: 0`), and creates Keyward's table in it.
 * dynalite is CommonJS without types: it is loaded with `createRequire`, which works the same under vitest, tsx
 * and plain Node ESM. If the table cannot be created, the server is closed again before the error is rethrown.
 */
export async function startDynalite(options: StartDynaliteOptions = {}): Promise<DynaliteHandle> {
  const dynalite = createRequire(import.meta.url)("dynalite") as DynaliteFactory;
  const server = dynalite({ createTableMs: 0, ...(options.path ? { path: options.path } : {}) });
  await listen(server, options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= close(server, client);
    return stopped;
  };
  const newTable = async (): Promise<string> => {
    const name = `keyward-${randomUUID()}`;
    await createTable(client, name);
    return name;
  };
  const tableName = options.tableName ?? `keyward-${randomUUID()}`;
  try {
    await createTable(client, tableName);
  } catch (error) {
    await stop();
    throw error;
  }
  return { client, tableName, endpoint, newTable, stop };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}

async function close(server: Server, client: DynamoDBClient): Promise<void> {
  client.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
  });
}
