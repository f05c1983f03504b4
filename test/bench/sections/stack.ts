import { randomBytes } from "node:crypto";
import { PerformanceObserver } from "node:perf_hooks";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { encrypt } from "../../../core/service/crypto/encryptDecrypt";
import { getDeps } from "../../../functions/lib/deps";
import { parseRequest } from "../../../functions/lib/parseRequest";
import { observeStacks } from "../../../functions/lib/stackObserver";
import { validateInput } from "../../../functions/lib/validateInput";
import { OPERATIONS } from "../../../functions/operations";
import { localLambdaContext } from "../../../infra/local/toApiGatewayEvent";
import { apiEventOf } from "../apiEvent";
import type { SectionResult } from "../BenchSection";
import { BENCH_ACCOUNT } from "../benchAccount";
import { type BenchService, startBenchService } from "../benchService";

/** Requests signed ahead of each timed batch (outside the timing), and the batches measured after a warm-up. */
const BATCH = 200;
const WARM_BATCHES = 10;
const BATCHES = 40;

/** The steps of a request in stack order, as the observer names them (functions/lib/stackObserver.ts). */
const STEPS: readonly (readonly [string, string])[] = [
  ["requestContext.before", "request context: RequestId, request logger"],
  ["parseParameters.before", "parameter parsing (query decoded)"],
  ["authenticate.before", "signature check (ACS3), AccessKey, nonce"],
  ["validate.before", "validation against the declaration"],
  ["handler", "the operation: key lookup, AES-256-GCM, blob, base64"],
  ["shapeResponse.after", "response shaping (JSON)"],
  ["requestContext.after", "audit line (Powertools Logger, stdout)"],
];

/** Milliseconds per step and in whole requests, over `requests` recorded requests. */
interface ClockRun {
  readonly totals: ReadonlyMap<string, number>;
  readonly requests: number;
  readonly requestMs: number;
}

/** Mean microseconds per request of one step (or, without a step, of the whole request) in a run. */
function microsPerRequest(run: ClockRun, step?: string): number {
  const ms = step === undefined ? run.requestMs : (run.totals.get(step) ?? 0);
  return (ms * 1000) / run.requests;
}

/** Per-step time accumulated by the middy plugin hooks while `recording`. */
class StepClock {
  readonly totals = new Map<string, number>();
  requests = 0;
  requestMs = 0;
  recording = false;
  #step = "";
  #stepStart = 0;
  #requestStart = 0;

  /** What was recorded since the last take (per-step totals, requests, whole-request time), and a fresh start. */
  take(): ClockRun {
    const run = { totals: new Map(this.totals), requests: this.requests, requestMs: this.requestMs };
    this.totals.clear();
    this.requests = 0;
    this.requestMs = 0;
    return run;
  }

  plugin() {
    const start = (step: string) => {
      this.#step = step;
      this.#stepStart = performance.now();
    };
    const stop = () => {
      if (this.recording)
        this.totals.set(this.#step, (this.totals.get(this.#step) ?? 0) + performance.now() - this.#stepStart);
    };
    return {
      requestStart: () => {
        this.#requestStart = performance.now();
      },
      requestEnd: async () => {
        if (!this.recording) return;
        this.requests++;
        this.requestMs += performance.now() - this.#requestStart;
      },
      beforeMiddleware: start,
      afterMiddleware: stop,
      beforeHandler: () => start("handler"),
      afterHandler: stop,
    };
  }
}

/**
 * Pauses between requests for the spaced rows: how long, whether the thread spins (busy) or sleeps in the event loop
 * (idle, a timer: what waiting for an HSM off the host looks like), and the requests timed (after a warm-up batch).
 * 2 ms is about SoftHSM's RSA-2048 signature, the wait of an HSM-signing request (section 5).
 */
const SPACED: readonly { readonly pauseMs: number; readonly idle: boolean; readonly requests: number }[] = [
  { pauseMs: 0.2, idle: false, requests: 600 },
  { pauseMs: 0.5, idle: false, requests: 600 },
  { pauseMs: 1, idle: false, requests: 400 },
  { pauseMs: 2, idle: false, requests: 300 },
  { pauseMs: 4, idle: false, requests: 200 },
  { pauseMs: 2, idle: true, requests: 300 },
];

/** Keeps this thread busy for `ms` without touching the request path: a clock loop, nothing else. */
function busyPause(ms: number): void {
  const start = performance.now();
  while (performance.now() - start < ms) {
    // spin
  }
}

/** Lets the event loop sleep for at least `ms` (a timer; node's timers fire on whole milliseconds, often later). */
function idlePause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Signed Encrypt 4 KiB events, `count` of them, each with its own nonce. */
function encryptEvents(service: BenchService, params: Record<string, string>, count: number) {
  return service.events("Encrypt", params, count).map((signed) => apiEventOf(signed, "Encrypt"));
}

/** Mean microseconds per call of `step` over fresh events, after a warm-up, the events made outside the timing. */
async function alone(
  service: BenchService,
  params: Record<string, string>,
  step: (event: APIGatewayProxyEventV2) => unknown,
): Promise<number> {
  let ms = 0;
  let calls = 0;
  for (let batch = 0; batch < WARM_BATCHES + BATCHES / 2; batch++) {
    const events = encryptEvents(service, params, BATCH);
    const start = performance.now();
    for (const event of events) await step(event);
    if (batch >= WARM_BATCHES) {
      ms += performance.now() - start;
      calls += events.length;
    }
  }
  return (ms * 1000) / calls;
}

/**
 * Section: where the time of one signed Encrypt 4 KiB goes inside the handler. The middy plugin hooks
 * (stackObserver.ts, installed before the handler is built) time each middleware phase and the operation in place,
 * back to back in one process; garbage-collection pauses are counted with a `gc` PerformanceObserver. The biggest
 * steps are then timed alone on the same kind of requests, to show how much of their cost in place comes from
 * running amid the rest of the request (cold caches, collector) rather than from their own work.
 */
export async function run(): Promise<SectionResult> {
  const clock = new StepClock();
  observeStacks(clock.plugin());
  const service = await startBenchService();
  // Entries arrive asynchronously: they are kept with their start time and summed over the recorded window.
  const pauses: { start: number; ms: number }[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, ms: entry.duration });
  });
  gc.observe({ entryTypes: ["gc"] });
  try {
    const keyId = (await service.ok("CreateKey", {})).KeyMetadata.KeyId as string;
    const params = { KeyId: keyId, Plaintext: randomBytes(3072).toString("base64") };
    const handler = await service.handler("Encrypt");
    const context = localLambdaContext("Encrypt", "bench");
    const windows: { start: number; end: number }[] = [];
    for (let batch = 0; batch < WARM_BATCHES + BATCHES; batch++) {
      const events = encryptEvents(service, params, BATCH);
      clock.recording = batch >= WARM_BATCHES;
      const start = performance.now();
      for (const event of events) await handler(event, context);
      if (clock.recording) windows.push({ start, end: performance.now() });
    }
    clock.recording = false;
    const backToBack = clock.take();
    const spaced: (ClockRun & { pause: string })[] = [];
    for (const { pauseMs, idle, requests } of SPACED) {
      for (const timed of [false, true]) {
        const events = encryptEvents(service, params, timed ? requests : 50);
        clock.recording = timed;
        for (const event of events) {
          if (idle) await idlePause(pauseMs);
          else busyPause(pauseMs);
          await handler(event, context);
        }
      }
      clock.recording = false;
      spaced.push({ pause: `${pauseMs} ms ${idle ? "idle (timer)" : "busy"}`, ...clock.take() });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc.disconnect();
    const gcMs = pauses
      .filter((pause) => windows.some((window) => pause.start >= window.start && pause.start < window.end))
      .reduce((sum, pause) => sum + pause.ms, 0);
    const perRequest = (ms: number) => (ms * 1000) / backToBack.requests;

    const deps = await getDeps();
    const spec = OPERATIONS.Encrypt;
    const flattenedMaps = new Set(["EncryptionContext"]);
    const parsedOnce = parseRequest(encryptEvents(service, params, 1)[0] as APIGatewayProxyEventV2, {
      flattenedMaps,
    });
    const input = validateInput("Encrypt", spec, parsedOnce.params);
    const caller = { accountId: BENCH_ACCOUNT };
    const aloneFigures: Record<string, number> = {
      "parseParameters.before": await alone(service, params, (event) =>
        parseRequest(event, { flattenedMaps }),
      ),
      "authenticate.before": await alone(service, params, (event) =>
        deps.authenticatorFor("cryptographic").authenticate(parseRequest(event, { flattenedMaps }).raw),
      ),
      handler: await alone(service, params, () => encrypt(deps, caller, input)),
    };
    // The authenticate row alone includes a parse (it needs the parsed request): take the parse out again.
    aloneFigures["authenticate.before"] =
      (aloneFigures["authenticate.before"] as number) - (aloneFigures["parseParameters.before"] as number);

    let stepsTotal = 0;
    const rows = STEPS.map(([step, what]) => {
      const us = microsPerRequest(backToBack, step);
      stepsTotal += us;
      const single = aloneFigures[step];
      return [
        what,
        `${us.toFixed(1)} µs`,
        single === undefined ? "—" : `${single.toFixed(1)} µs`,
        single === undefined ? "—" : (us / single).toFixed(1),
      ];
    });
    const total = microsPerRequest(backToBack);
    rows.push([
      "middy and the hooks themselves (the rest)",
      `${(total - stepsTotal).toFixed(1)} µs`,
      "—",
      "—",
    ]);
    rows.push(["whole request", `${total.toFixed(1)} µs`, "—", "—"]);
    const spacedRows = [{ pause: "none (back to back)", ...backToBack }, ...spaced].map((run) => [
      run.pause,
      ...["parseParameters.before", "authenticate.before", "handler", "requestContext.after", undefined].map(
        (step) => `${microsPerRequest(run, step).toFixed(1)} µs`,
      ),
      (microsPerRequest(run) / total).toFixed(2),
    ]);
    return {
      heading: "Inside the handler: where a signed Encrypt 4 KiB spends its time",
      intro:
        "The Encrypt handler built with middy's plugin hooks (functions/lib/stackObserver.ts), invoked back to back " +
        `in one process with warm caches, ${BATCHES} batches of ${BATCH} requests after ${WARM_BATCHES} warm-up ` +
        "batches, each request ACS3-signed with its own nonce (signed before each batch, outside the timing). Each " +
        "row is the mean time of that step in place. `alone` times the same step by itself in a loop over fresh " +
        "requests; `in place / alone` shows how much a step slows down amid the rest of the request. Collector " +
        "pauses fall inside whichever step allocates when they happen; their sum is given below.",
      tables: [
        {
          headers: ["step", "in place", "alone", "in place / alone"],
          rows,
        },
        {
          title:
            "The same requests spaced out: before each one a pause (outside the timing), the thread spinning on the clock (busy) or the event loop asleep (idle)",
          headers: [
            "pause before each request",
            "parsing",
            "signature check",
            "the operation",
            "audit line",
            "whole request",
            "whole / back to back",
          ],
          rows: spacedRows,
          inReadme: true,
        },
      ],
      notes: [
        `Garbage-collection pauses: ${perRequest(gcMs).toFixed(1)} µs per request (inside the rows above).`,
        "Spaced out, the very same requests cost more the longer the pause before each: the pause touches nothing " +
          "of the request path (a loop reading the clock, or a timer), yet every step slows down, as if the time alone let the " +
          "caches forget the stack's code and data on this shared 2-core machine. A request that waits ~2 ms for " +
          "SoftHSM's RSA-2048 signature (section 5) pays its stack at the 2 ms rows' cost, not at the back-to-back " +
          "cost; that, more than any one step, is what the HSM handler adds to the raw pkcs11js loop.",
      ],
      figures: {
        stackEncryptTotalMicros: total,
        stackGcMicros: perRequest(gcMs),
      },
    };
  } finally {
    observeStacks(undefined);
    await service.stop();
  }
}
