import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import type { SignedHttpRequest } from "./signedRequests";
import { percentile } from "./stats";

/** A server started in a child process by httpTarget.ts. */
export interface HttpTarget {
  readonly url: string;
  /** The child's process id (for `node --cpu-prof` style inspection while it runs). */
  readonly pid: number;
  /** CPU time (user + system) the server process has used so far, in microseconds. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

const TARGET_SCRIPT = fileURLToPath(new URL("./httpTarget.ts", import.meta.url));

/**
 * Starts `httpTarget.ts <mode>` in a child node process (through tsx) and waits until it listens. Its stdout (the
 * service's log lines) goes to /dev/null, as a Lambda's goes to its log stream; stderr is shown.
 */
export function startHttpTarget(
  mode: "keyward" | "ceiling" | "floor",
  execArgv: readonly string[] = [],
): Promise<HttpTarget> {
  const child: ChildProcess = fork(TARGET_SCRIPT, [mode], {
    execArgv: ["--import", "tsx", "--no-warnings", ...execArgv],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`the ${mode} server exited with ${code} before listening`)),
    );
    child.once("message", (message) => {
      const { url } = message as { url: string };
      resolve({
        url,
        pid: child.pid ?? 0,
        cpuMicros: () =>
          new Promise<number>((done) => {
            const listener = (reply: unknown) => {
              if (typeof reply === "object" && reply !== null && "cpuMicros" in reply) {
                child.off("message", listener);
                done((reply as { cpuMicros: number }).cpuMicros);
              }
            };
            child.on("message", listener);
            child.send("cpu");
          }),
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners("exit");
            child.once("exit", () => done());
            child.send("stop");
          }),
      });
    });
  });
}

/** What one load run measured. */
export interface LoadResult {
  readonly connections: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  /** Latency percentiles in milliseconds (each response timed by autocannon with process.hrtime). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses other than 2xx, and transport errors. */
  readonly failures: number;
  /** The first non-2xx body seen, to say why. */
  readonly firstFailure?: string;
}

/**
 * Sends every request of `requests` once to `url` over `connections` keep-alive connections (autocannon), and
 * reports the rate (responses over the time from the start to the last response, timed here: autocannon's own
 * duration runs on to its next sample tick) and latency percentiles. Each request is sent as given (its own
 * signature and nonce).
 */
export async function runLoad(
  url: string,
  requests: readonly SignedHttpRequest[],
  connections: number,
): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  let lastResponse = started;
  const instance = autocannon({
    url,
    connections,
    amount: requests.length,
    // autocannon notices the end of a fixed amount only at its next sample tick; the rate is timed here instead.
    sampleInt: 100,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const signed = requests[next++ % requests.length] as SignedHttpRequest;
          return { ...request, method: signed.method, path: signed.path, headers: signed.headers };
        },
        onResponse: (status: number, body: string) => {
          if (status >= 300) {
            failures++;
            firstFailure ??= `${status} ${body.slice(0, 200)}`;
          }
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    lastResponse = performance.now();
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    connections,
    requests: result.requests.total,
    requestsPerSecond: (latencies.length * 1000) / (lastResponse - started),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    failures: failures + result.errors + result.timeouts,
    ...(firstFailure ? { firstFailure } : {}),
  };
}
