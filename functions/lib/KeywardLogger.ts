import { Logger, type LogItem, LogLevelThreshold } from "@aws-lambda-powertools/logger";
import type { ConstructorOptions, LogAttributes } from "@aws-lambda-powertools/logger/types";
import { KeywardLogFormatter } from "./KeywardLogFormatter";
import { isPlainJson, plainLine } from "./plainLogLine";

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
    if (!directLoggers.has(this) || withPowertoolsState.has(this)) return false;
    if (logLevel < this.level) return true;
    const data = (
      this as unknown as { powertoolsLogData: { serviceName?: string; sampleRateValue?: number } }
    ).powertoolsLogData;
    const printed = plainLine({
      logLevel,
      message,
      timestamp: this.#formatter.formatTimestamp(new Date()),
      service: data.serviceName,
      samplingRate: data.sampleRateValue,
      sources: [keys, fields],
    });
    if (printed === undefined) return false;
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
