import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SectionResult } from "../BenchSection";
import { BENCH_ACCESS_KEY } from "../benchAccount";
import { SHA256_DIGEST } from "../benchKeys";
import { millis, rate, ratio } from "../format";
import { type HttpTarget, type LoadResult, runLoad, startHttpTarget } from "../httpLoad";
import { LAYERS, layerShares, readMainThreadProfile } from "../profileLayers";
import { signRequests } from "../signedRequests";

const CONCURRENCY = [1, 16, 64] as const;
/** How long a measured run aims to last. */
const RUN_SECONDS = 2.5;

/** One signed call to the Keyward server (setup: keys and blobs). */
async function call(target: HttpTarget, action: string, params: Record<string, string>) {
  const [signed] = signRequests(action, params, BENCH_ACCESS_KEY, new URL(target.url).host, 1);
  if (!signed) throw new Error("no request signed");
  const response = await fetch(`${target.url}${signed.path}`, { method: "POST", headers: signed.headers });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200)
    throw new Error(`${action} answered ${response.status}: ${JSON.stringify(body)}`);
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
  return body as any;
}

/** A load run against one target with its server CPU time per request. */
interface Measured extends LoadResult {
  readonly cpuMicrosPerRequest: number;
}

async function measure(
  target: HttpTarget,
  action: string,
  params: Record<string, string>,
  connections: number,
  requests: number,
): Promise<Measured> {
  const host = new URL(target.url).host;
  const signed = signRequests(action, params, BENCH_ACCESS_KEY, host, requests);
  const before = await target.cpuMicros();
  const result = await runLoad(target.url, signed, connections);
  const after = await target.cpuMicros();
  if (result.failures > 0) {
    throw new Error(
      `${action} at ${connections} connections: ${result.failures} failures (${result.firstFailure})`,
    );
  }
  return { ...result, cpuMicrosPerRequest: (after - before) / result.requests };
}

/** Keyward and ceiling runs alternate this many times per row (the figures are their means). */
const ROUNDS = 2;

/** The mean of some runs' figures. */
function meanOf(runs: readonly Measured[]): Measured {
  const mean = (pick: (run: Measured) => number) =>
    runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
  return {
    connections: runs[0]?.connections ?? 0,
    requests: mean((run) => run.requests),
    requestsPerSecond: mean((run) => run.requestsPerSecond),
    p50Ms: mean((run) => run.p50Ms),
    p99Ms: mean((run) => run.p99Ms),
    failures: mean((run) => run.failures),
    cpuMicrosPerRequest: mean((run) => run.cpuMicrosPerRequest),
  };
}

/** Requests for a run of about RUN_SECONDS, from a warm-up run's rate. */
async function warmAndSize(
  target: HttpTarget,
  action: string,
  params: Record<string, string>,
  connections: number,
): Promise<number> {
  const warm = await measure(target, action, params, connections, Math.max(300, connections * 20));
  return Math.min(30_000, Math.max(500, Math.round(warm.requestsPerSecond * RUN_SECONDS)));
}

/**
 * Section 2: the local stack (infra/local/localStack.ts, every operation through its Lambda handler) in a child
 * process over loopback HTTP, loaded by autocannon from this process with requests signed beforehand (ACS3, each its
 * own nonce), next to a minimal node:http server (test/bench/httpTarget.ts `ceiling`) that does only the same
 * primitive per request.
 */
export async function run(): Promise<SectionResult> {
  const keyward = await startHttpTarget("keyward");
  const ceiling = await startHttpTarget("ceiling");
  const floor = await startHttpTarget("floor");
  try {
    const aes = await call(keyward, "CreateKey", {});
    const keyId = aes.KeyMetadata.KeyId as string;
    const plaintext = randomBytes(3072).toString("base64");
    const blob = (await call(keyward, "Encrypt", { KeyId: keyId, Plaintext: plaintext }))
      .CiphertextBlob as string;
    const ec = await call(keyward, "CreateKey", { KeySpec: "EC_P256", KeyUsage: "SIGN/VERIFY" });
    const ecId = ec.KeyMetadata.KeyId as string;
    const versions = await call(keyward, "ListKeyVersions", { KeyId: ecId });
    const operations: { name: string; action: string; primitive: string; params: Record<string, string> }[] =
      [
        {
          name: "Encrypt 4 KiB",
          action: "Encrypt",
          primitive: "AES-256-GCM seal 4 KiB",
          params: { KeyId: keyId, Plaintext: plaintext },
        },
        {
          name: "Decrypt 4 KiB",
          action: "Decrypt",
          primitive: "AES-256-GCM open 4 KiB",
          params: { CiphertextBlob: blob },
        },
        {
          name: "AsymmetricSign EC_P256",
          action: "AsymmetricSign",
          primitive: "ECDSA P-256 sign",
          params: {
            KeyId: ecId,
            KeyVersionId: versions.KeyVersions.KeyVersion[0].KeyVersionId as string,
            Algorithm: "ECDSA_SHA_256",
            Digest: SHA256_DIGEST.toString("base64"),
          },
        },
      ];
    const rows: string[][] = [];
    const floorRows: string[][] = [];
    const figures: Record<string, number> = {};
    for (const operation of operations) {
      // The floor server answers Encrypt only (floorServer.ts).
      const withFloor = operation.action === "Encrypt";
      for (const connections of CONCURRENCY) {
        const count = await warmAndSize(keyward, operation.action, operation.params, connections);
        const ceilingCount = await warmAndSize(ceiling, operation.action, operation.params, connections);
        const floorCount = withFloor
          ? await warmAndSize(floor, operation.action, operation.params, connections)
          : 0;
        const oursRuns: Measured[] = [];
        const boundRuns: Measured[] = [];
        const floorRuns: Measured[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          oursRuns.push(await measure(keyward, operation.action, operation.params, connections, count));
          boundRuns.push(
            await measure(ceiling, operation.action, operation.params, connections, ceilingCount),
          );
          if (withFloor) {
            floorRuns.push(await measure(floor, operation.action, operation.params, connections, floorCount));
          }
        }
        const ours = meanOf(oursRuns);
        const bound = meanOf(boundRuns);
        if (withFloor) {
          const least = meanOf(floorRuns);
          figures[`${operation.action}-c${connections}-floor`] =
            least.requestsPerSecond / bound.requestsPerSecond;
          floorRows.push([
            String(connections),
            rate(ours.requestsPerSecond),
            rate(least.requestsPerSecond),
            rate(bound.requestsPerSecond),
            `${Math.round(ours.cpuMicrosPerRequest)} µs`,
            `${Math.round(least.cpuMicrosPerRequest)} µs`,
            `${Math.round(bound.cpuMicrosPerRequest)} µs`,
            ratio(least.requestsPerSecond / bound.requestsPerSecond),
            ratio(ours.requestsPerSecond / least.requestsPerSecond),
            ratio(ours.requestsPerSecond / bound.requestsPerSecond),
          ]);
        }
        const share = ours.requestsPerSecond / bound.requestsPerSecond;
        figures[`${operation.action}-c${connections}`] = share;
        figures[`${operation.action}-c${connections}-cpu`] = ours.cpuMicrosPerRequest;
        figures[`${operation.action}-c${connections}-ceilingCpu`] = bound.cpuMicrosPerRequest;
        rows.push([
          `${operation.name} (ceiling: ${operation.primitive})`,
          String(connections),
          rate(ours.requestsPerSecond),
          millis(ours.p50Ms),
          millis(ours.p99Ms),
          `${Math.round(ours.cpuMicrosPerRequest)} µs`,
          rate(bound.requestsPerSecond),
          millis(bound.p50Ms),
          millis(bound.p99Ms),
          `${Math.round(bound.cpuMicrosPerRequest)} µs`,
          ratio(share),
        ]);
      }
    }
    const layers = await profiledLayers(operations[0] as (typeof operations)[number]);
    return {
      heading: "Over HTTP: the local server next to a minimal node:http server doing the same primitive",
      intro:
        "The local stack (`startLocalStack`: dynalite, root keyring, every operation through its real Lambda " +
        "handler and middleware stack, audit lines written to stdout, here /dev/null) runs in a child process; " +
        "autocannon 8 loads it from the parent process over loopback keep-alive connections. Every request is " +
        "signed with ACS3-HMAC-SHA256 as the current SDKs send it (`POST /?<params>`, no body) before the run, each " +
        "with its own nonce, so the server checks every signature and claims every nonce. The ceiling is a node:http " +
        "server in another child process that drains the request and does only the operation's primitive on " +
        "bytes of the same size, answering a small JSON body; it is sent the same requests. After a warm-up run " +
        `each, Keyward and ceiling runs of about ${RUN_SECONDS} s alternate ${ROUNDS} times (means shown); latency ` +
        "is per request (process.hrtime in autocannon), ms. " +
        "`server CPU/req` is the server process's user+system CPU time over the run divided by the requests.",
      tables: [
        {
          headers: [
            "operation",
            "connections",
            "Keyward req/s",
            "p50 ms",
            "p99 ms",
            "server CPU/req",
            "ceiling req/s",
            "p50 ms",
            "p99 ms",
            "server CPU/req",
            "Keyward / ceiling",
          ],
          rows,
        },
        {
          title:
            "Encrypt 4 KiB: Keyward, the floor (signature check and AES-GCM, no layers) and the ceiling (AES-GCM only)",
          headers: [
            "connections",
            "Keyward req/s",
            "floor req/s",
            "ceiling req/s",
            "Keyward CPU/req",
            "floor CPU/req",
            "ceiling CPU/req",
            "floor / ceiling",
            "Keyward / floor",
            "Keyward / ceiling",
          ],
          rows: floorRows,
          inReadme: true,
        },
        layers,
      ],
      notes: [
        `At 16 connections the Encrypt server used ${Math.round(figures["Encrypt-c16-cpu"] ?? 0)} µs of CPU per ` +
          `request against ${Math.round(figures["Encrypt-c16-ceilingCpu"] ?? 0)} µs for the ceiling; with the ` +
          "load generator on the other core, the request rate follows the server's CPU per request, so 0.70 of the " +
          `ceiling needs about ${Math.round((figures["Encrypt-c16-ceilingCpu"] ?? 0) / 0.7)} µs. The layer table ` +
          "shows where the difference goes.",
        `The floor (test/bench/floorServer.ts) answers a signed Encrypt with only the work any correct answer ` +
          "needs, done straight through: the query decoded, the ACS3 signature, timestamp and nonce checked with " +
          "Keyward's own functions, the Plaintext sealed with AES-256-GCM under a key in memory, a JSON answer of " +
          "Keyward's size and one JSON log line; none of Keyward's layers (API Gateway event, middy, Powertools, " +
          "parameter merging, validation, key lookup, blob format). At 16 connections it reaches " +
          `${ratio(figures["Encrypt-c16-floor"])} of the ceiling: with no layers at all, the essential work of a signed 4 KiB ` +
          "request (decoding the query, canonicalising and hashing it for the signature, the JSON answer) already " +
          "costs that much here. `Keyward / floor` is what Keyward's layers cost; a ratio to the ceiling above the " +
          "floor's would need cheaper essential work, not only thinner layers.",
      ],
      figures,
    };
  } finally {
    await keyward.stop();
    await ceiling.stop();
    await floor.stop();
  }
}

/**
 * Where the servers' CPU goes for one operation at 16 connections: both servers run again with `node --cpu-prof`,
 * each is sent a warm-up run and a measured run, and every sample of the profile is attributed to a layer of the
 * request (profileLayers.ts). Figures are sampled CPU per request with the profiler on (it adds its own cost).
 */
async function profiledLayers(operation: { name: string; action: string; params: Record<string, string> }) {
  const shares: Record<"keyward" | "ceiling", { busyMs: number; byLayer: ReadonlyMap<string, number> }> = {
    keyward: { busyMs: 0, byLayer: new Map() },
    ceiling: { busyMs: 0, byLayer: new Map() },
  };
  const counts = { keyward: 0, ceiling: 0 };
  for (const mode of ["keyward", "ceiling"] as const) {
    const dir = await mkdtemp(join(tmpdir(), `keyward-bench-prof-${mode}-`));
    try {
      const target = await startHttpTarget(mode, ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
      let params = operation.params;
      if (mode === "keyward") {
        const key = await call(target, "CreateKey", {});
        params = { ...params, KeyId: key.KeyMetadata.KeyId as string };
      }
      const count = await warmAndSize(target, operation.action, params, 16);
      const run = await measure(target, operation.action, params, 16, count);
      counts[mode] = run.requests + Math.max(300, 16 * 20) + (mode === "keyward" ? 1 : 0);
      await target.stop();
      shares[mode] = layerShares(readMainThreadProfile(dir));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const perRequest = (mode: "keyward" | "ceiling", layer: string) => {
    const ms = shares[mode].byLayer.get(layer);
    return ms === undefined ? "—" : `${Math.round((ms * 1000) / counts[mode])} µs`;
  };
  const names = [...LAYERS.map(([name]) => name), "other"];
  return {
    title: `Where the server CPU goes: ${operation.name}, 16 connections (node --cpu-prof, sampled CPU per request)`,
    headers: ["layer", "Keyward", "share", "ceiling"],
    rows: [
      ...names.map((name) => [
        name,
        perRequest("keyward", name),
        `${((100 * (shares.keyward.byLayer.get(name) ?? 0)) / (shares.keyward.busyMs || 1)).toFixed(1)} %`,
        perRequest("ceiling", name),
      ]),
      [
        "total (busy)",
        `${Math.round((shares.keyward.busyMs * 1000) / counts.keyward)} µs`,
        "100 %",
        `${Math.round((shares.ceiling.busyMs * 1000) / counts.ceiling)} µs`,
      ],
    ],
  };
}
