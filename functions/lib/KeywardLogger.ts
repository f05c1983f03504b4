import { Logger, type LogItem, LogLevelThreshold } from "@aws-lambda-powertools/logger";
import type { ConstructorOptions, LogAttributes } from "@aws-lambda-powertools/logger/types";
import { KeywardLogFormatter } from "./KeywardLogFormatter";

/** Level names by Powertools' level numbers (LogLevelThreshold). */
const LEVEL_NAMES: Readonly<Record<number, string>> = {
  [LogLevelThreshold.DEBUG]: "DEBUG",
  [LogLevelThreshold.INFO]: "INFO",
  [LogLevelThreshold.WARN]: "WARN",
  [LogLevelThreshold.ERROR]: "ERROR",
  [LogLevelThreshold.CRITICAL]: "CRITICAL",
};

/** Keys Powertools keeps for itself: a line carrying one goes through Powertools (which drops it with a warning). */
const RESERVED_KEYS: ReadonlySet<string> = new Set([
  "level",
  "message",
  "sampling_rate",
  "service",
  "timestamp",
]);

/**
 * Loggers whose Powertools state holds something the plain path does not write: a Lambda context, keys appended to
 * the root logger (persistent or temporary, a correlation id), a log buffer, or another formatter. A WeakSet, not a
 * field, because Powertools' constructor already calls the overridden methods before fields exist.
 */
const withPowertoolsState = new WeakSet<KeywardLogger>();

/**
 * Loggers that print plain lines directly (not in development mode). Set once construction is over: Powertools'
 * constructor may already print (a debug-sampling notice), and those lines take Powertools' own path.
 */
const directLoggers = new WeakSet<KeywardLogger>();

/** The X-Ray trace id as Powertools reads it: the Lambda runtime's invoke store, else `_X_AMZN_TRACE_ID`'s Root. */
function xRayTraceId(): string | undefined {
  const runtime = (globalThis as { awslambda?: { InvokeStore?: { getXRayTraceId(): string | undefined } } })
    .awslambda;
  const header = runtime?.InvokeStore?.getXRayTraceId() ?? process.env._X_AMZN_TRACE_ID?.trim() ?? "";
  if (header === "") return undefined;
  if (!header.includes("=")) return header;
  for (const field of header.split(";")) {
    const [key, value] = field.split("=");
    if (key === "Root") return value;
  }
  return undefined;
}

/** A plain JSON value made of strings, numbers, booleans, null and plain objects or arrays of them. */
function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || value === undefined) return true;
  const type = typeof value;
  if (type === "string" || type === "boolean") return true;
  if (type === "number") return Number.isFinite(value);
  if (type !== "object" || depth > 4) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainJson(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value as Record<string, unknown>) {
    if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/**
 * The process's Powertools Logger, printing each line straight to its stream. Powertools prints through a Console
 * (console.info/debug to stdout, warn/error/critical to stderr) with a JSON replacer that formats errors and
 * guards against cycles; a line made only of plain JSON values (every audit line) is the same JSON without either,
 * so it is written with `stream.write` at a fraction of the cost. Anything else (an Error, a Map, a BigInt) and the
 * development mode (POWERTOOLS_DEV, indented output) take Powertools' own path. Everything before printing (levels,
 * sampling, buffering, the X-Ray trace id, persistent keys) is Powertools'.
 *
 * The request loggers' lines (every audit line) can skip Powertools' per-line pipeline too: `writeLine` builds the
 * line Powertools would build (its level in effect, sampling rate and X-Ray trace id read the same way) when
 * nothing Powertools holds would change it, which the tests check against Powertools' own output. In context this
 * pipeline cost about 120 µs of the HSM signing handler's main-thread time (perf, issue 9).
 */
export class KeywardLogger extends Logger {
  readonly #formatter: KeywardLogFormatter;

  constructor(options: ConstructorOptions = {}) {
    const formatter = new KeywardLogFormatter();
    super({ logFormatter: formatter, ...options } as ConstructorOptions);
    this.#formatter = formatter;
    const dev = process.env.POWERTOOLS_DEV;
    if (!(dev && dev !== "false" && dev !== "0")) directLoggers.add(this);
    const given = options as { logFormatter?: unknown; logBufferOptions?: { enabled?: boolean } };
    if (given.logFormatter !== undefined || given.logBufferOptions?.enabled === true) {
      withPowertoolsState.add(this);
    }
  }

  /**
   * Writes one line of the request loggers (RequestLogger) without Powertools' per-line pipeline, when that gives
   * the very line Powertools would print (test/unit/functions/KeywardLogger.test.ts compares them): not in
   * development mode, no Lambda context or root keys or buffer in Powertools, no reserved key, only plain JSON
   * values. The line is Powertools' structure (KeywardLogFormatter's keys and order, empty values dropped) with the
   * request's keys, then the line's fields. Below the level in effect nothing is written, as Powertools does.
   *
   * @returns false when it cannot: the caller then logs through Powertools (`info`, `error`, ...).
   */
  writeLine(logLevel: number, message: string, keys: LogAttributes, fields: LogAttributes): boolean {
    const levelName = LEVEL_NAMES[logLevel];
    if (!directLoggers.has(this) || levelName === undefined || withPowertoolsState.has(this)) return false;
    if (logLevel < this.level) return true;
    const data = (
      this as unknown as { powertoolsLogData: { serviceName?: string; sampleRateValue?: number } }
    ).powertoolsLogData;
    const line: Record<string, unknown> = {
      level: levelName,
      message,
      timestamp: this.#formatter.formatTimestamp(new Date()),
      service: data.serviceName,
      cold_start: undefined,
      function_arn: undefined,
      function_memory_size: undefined,
      function_name: undefined,
      function_request_id: undefined,
      sampling_rate: data.sampleRateValue,
      xray_trace_id: xRayTraceId(),
      tenant_id: undefined,
    };
    for (const source of [keys, fields]) {
      for (const key of Object.keys(source)) {
        if (RESERVED_KEYS.has(key)) return false;
        line[key] = source[key];
      }
    }
    const printed: Record<string, unknown> = {};
    for (const key in line) {
      const value = line[key];
      if (value !== undefined && value !== "" && value !== null) printed[key] = value;
    }
    if (!isPlainJson(printed)) return false;
    const stream = logLevel >= LogLevelThreshold.WARN ? process.stderr : process.stdout;
    stream.write(`${JSON.stringify(printed)}\n`);
    return true;
  }

  override addContext(...args: Parameters<Logger["addContext"]>): void {
    withPowertoolsState.add(this);
    super.addContext(...args);
  }

  override appendKeys(...args: Parameters<Logger["appendKeys"]>): void {
    withPowertoolsState.add(this);
    super.appendKeys(...args);
  }

  override appendPersistentKeys(...args: Parameters<Logger["appendPersistentKeys"]>): void {
    withPowertoolsState.add(this);
    super.appendPersistentKeys(...args);
  }

  override addPersistentLogAttributes(...args: Parameters<Logger["addPersistentLogAttributes"]>): void {
    withPowertoolsState.add(this);
    super.addPersistentLogAttributes(...args);
  }

  override setPersistentLogAttributes(...args: Parameters<Logger["setPersistentLogAttributes"]>): void {
    withPowertoolsState.add(this);
    super.setPersistentLogAttributes(...args);
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return new KeywardLogger(options);
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    // TRACE goes through console.trace (a stack trace on stderr): Powertools' path.
    if (directLoggers.has(this) && logLevel !== LogLevelThreshold.TRACE) {
      log.prepareForPrint();
      const attributes = log.getAttributes();
      if (isPlainJson(attributes)) {
        const stream = logLevel >= LogLevelThreshold.WARN ? process.stderr : process.stdout;
        stream.write(`${JSON.stringify(attributes)}\n`);
        return;
      }
    }
    super.printLog(logLevel, log);
  }
}
