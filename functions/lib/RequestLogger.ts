import { type Logger, LogLevelThreshold } from "@aws-lambda-powertools/logger";
import type { LogAttributes } from "@aws-lambda-powertools/logger/types";
import { KeywardLogger } from "./KeywardLogger";

/** Values a log line may carry besides its message. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The logger of one request: every line goes through the process's Powertools logger with this request's keys
 * (`action`, `requestId`, then `account` and `keyId`) added. Keys live here, not in the shared logger, so
 * concurrent requests (the local server) never mix them, and no child logger is built per request (Powertools'
 * createChild costs about half a millisecond). Never log plaintext, key material or secrets.
 */
export interface RequestLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Adds keys to every later line of this request. */
  appendKeys(keys: LogFields): void;
}

const NO_FIELDS: LogFields = Object.freeze({});

/** A RequestLogger writing through `root` with `keys` on every line. */
export function createRequestLogger(root: Logger, keys: LogFields): RequestLogger {
  return new KeyedLogger(root, { ...keys });
}

/**
 * One object per request, its methods on the prototype (no closures made per request). The request's keys and the
 * line's fields go to the root logger as two extra inputs, merged in order (the line's fields win): written by
 * KeywardLogger.writeLine when it can give Powertools' line itself, else through Powertools.
 */
class KeyedLogger implements RequestLogger {
  readonly #direct: KeywardLogger | undefined;

  constructor(
    private readonly root: Logger,
    private keys: LogFields,
  ) {
    this.#direct = root instanceof KeywardLogger ? root : undefined;
  }

  debug(message: string, fields?: LogFields): void {
    if (this.#written(LogLevelThreshold.DEBUG, message, fields)) return;
    this.root.debug(message, this.keys as LogAttributes, (fields ?? NO_FIELDS) as LogAttributes);
  }

  info(message: string, fields?: LogFields): void {
    if (this.#written(LogLevelThreshold.INFO, message, fields)) return;
    this.root.info(message, this.keys as LogAttributes, (fields ?? NO_FIELDS) as LogAttributes);
  }

  warn(message: string, fields?: LogFields): void {
    if (this.#written(LogLevelThreshold.WARN, message, fields)) return;
    this.root.warn(message, this.keys as LogAttributes, (fields ?? NO_FIELDS) as LogAttributes);
  }

  error(message: string, fields?: LogFields): void {
    if (this.#written(LogLevelThreshold.ERROR, message, fields)) return;
    this.root.error(message, this.keys as LogAttributes, (fields ?? NO_FIELDS) as LogAttributes);
  }

  #written(level: number, message: string, fields: LogFields | undefined): boolean {
    return (
      this.#direct?.writeLine(
        level,
        message,
        this.keys as LogAttributes,
        (fields ?? NO_FIELDS) as LogAttributes,
      ) ?? false
    );
  }

  appendKeys(more: LogFields): void {
    this.keys = { ...this.keys, ...more };
  }
}
