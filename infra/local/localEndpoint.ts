import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Where a running local service can be reached: `<dir>/endpoint.json`, written by the local stack once it
 * listens and removed when it stops. The CLI reads it to send `call` requests to the service (`url`) and, since
 * the running service holds the lock on the persisted store, to manage AccessKeys through its store (`store`).
 */
export interface LocalEndpoint {
  /** The service: `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The embedded DynamoDB-compatible store of the service: `http://127.0.0.1:<port>`. */
  readonly store: string;
  /** The process serving both. */
  readonly pid: number;
}

/** The path of the endpoint file in a state directory. */
export function endpointFilePath(dir: string): string {
  return join(dir, "endpoint.json");
}

/** Writes the endpoint file (0600). */
export function writeLocalEndpoint(dir: string, endpoint: LocalEndpoint): void {
  writeFileSync(endpointFilePath(dir), `${JSON.stringify(endpoint)}\n`, { mode: 0o600 });
}

/** Removes the endpoint file if it still names `pid` (a newer service in the same directory keeps its own). */
export function removeLocalEndpoint(dir: string, pid: number): void {
  if (readLocalEndpoint(dir)?.pid === pid) rmSync(endpointFilePath(dir), { force: true });
}

/** The endpoint file's content; undefined when it is absent or not an endpoint file. */
export function readLocalEndpoint(dir: string): LocalEndpoint | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(endpointFilePath(dir), "utf8"));
  } catch {
    return undefined;
  }
  const { url, store, pid } = (value ?? {}) as Partial<Record<keyof LocalEndpoint, unknown>>;
  if (typeof url !== "string" || typeof store !== "string" || !Number.isSafeInteger(pid)) return undefined;
  return { url, store, pid: pid as number };
}

/** Whether a process with this id is alive (it may belong to another user: EPERM still means alive). */
export function processAlive(pid: number): boolean {
  /* Precondition: a process id is a positive integer (0 and negatives name process groups). */
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The endpoint of the service running in `dir`, or undefined when none runs (no file, or a stale one). */
export function runningLocalEndpoint(dir: string): LocalEndpoint | undefined {
  const endpoint = readLocalEndpoint(dir);
  return endpoint && processAlive(endpoint.pid) ? endpoint : undefined;
}
