import { getXRayTraceIdFromEnv } from "@aws-lambda-powertools/commons/utils/env";
import { LogLevelThreshold } from "@aws-lambda-powertools/logger";

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

/** A plain JSON value made of strings, numbers, booleans, null and plain objects or arrays of them. */
export function isPlainJson(value: unknown, depth = 0): boolean {
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

/** What a plain line is made of (KeywardLogger.writeLine). */
export interface PlainLineInput {
  readonly logLevel: number;
  readonly message: string;
  readonly timestamp: string;
  readonly service: string | undefined;
  readonly samplingRate: number | undefined;
  /** Objects whose keys follow the base keys, in order (later ones win). */
  readonly sources: readonly Readonly<Record<string, unknown>>[];
}

/**
 * The attributes of the line Powertools prints through KeywardLogFormatter: its base keys in its order (a source key
 * that names a base key, such as `function_name`, keeps the base key's place), then the sources' keys, with
 * undefined, empty and null values dropped as Powertools' LogItem drops them before printing.
 *
 * @returns undefined when Powertools must print the line: an unknown level (TRACE), a reserved key, or a value
 *   that is not plain JSON (an Error, a Map, a BigInt...).
 */
export function plainLine(input: PlainLineInput): Record<string, unknown> | undefined {
  const level = LEVEL_NAMES[input.logLevel];
  if (level === undefined) return undefined;
  const line: Record<string, unknown> = {
    level,
    message: input.message,
    timestamp: input.timestamp,
    service: input.service,
    cold_start: undefined,
    function_arn: undefined,
    function_memory_size: undefined,
    function_name: undefined,
    function_request_id: undefined,
    sampling_rate: input.samplingRate,
    // Read as Powertools reads it: the Lambda runtime's invoke store, else `_X_AMZN_TRACE_ID`.
    xray_trace_id: getXRayTraceIdFromEnv(),
    tenant_id: undefined,
  };
  for (const source of input.sources) {
    for (const key of Object.keys(source)) {
      if (RESERVED_KEYS.has(key)) return undefined;
      line[key] = source[key];
    }
  }
  const printed: Record<string, unknown> = {};
  for (const key in line) {
    const value = line[key];
    if (value !== undefined && value !== "" && value !== null) printed[key] = value;
  }
  return isPlainJson(printed) ? printed : undefined;
}
