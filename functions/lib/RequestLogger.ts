import type { Logger } from "@aws-lambda-powertools/logger";

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

/** A RequestLogger writing through `root` with `keys` on every line. */
export function createRequestLogger(root: Logger, keys: LogFields): RequestLogger {
  let current: LogFields = { ...keys };
  return {
    debug: (message, fields) => root.debug(message, { ...current, ...fields }),
    info: (message, fields) => root.info(message, { ...current, ...fields }),
    warn: (message, fields) => root.warn(message, { ...current, ...fields }),
    error: (message, fields) => root.error(message, { ...current, ...fields }),
    appendKeys(more) {
      current = { ...current, ...more };
    },
  };
}
