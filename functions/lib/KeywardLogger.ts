import { Logger, type LogItem, LogLevelThreshold } from "@aws-lambda-powertools/logger";
import type { ConstructorOptions } from "@aws-lambda-powertools/logger/types";
import { KeywardLogFormatter } from "./KeywardLogFormatter";

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
 */
export class KeywardLogger extends Logger {
  readonly #direct: boolean;

  constructor(options: ConstructorOptions = {}) {
    super({ logFormatter: new KeywardLogFormatter(), ...options } as ConstructorOptions);
    const dev = process.env.POWERTOOLS_DEV;
    this.#direct = !(dev && dev !== "false" && dev !== "0");
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return new KeywardLogger(options);
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    // TRACE goes through console.trace (a stack trace on stderr): Powertools' path.
    if (this.#direct && logLevel !== LogLevelThreshold.TRACE) {
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
