import type { Logger } from "@aws-lambda-powertools/logger";
import { KeywardLogger } from "./KeywardLogger";

let root: Logger | undefined;

/**
 * The process's root logger (Powertools, JSON lines), created on first use. Each request logs through a child of
 * it carrying `action`, `requestId`, and later `account` and `keyId`; plaintext and key material are never logged.
 * The log level follows POWERTOOLS_LOG_LEVEL / AWS_LAMBDA_LOG_LEVEL as Powertools reads them. Lines of plain values
 * are printed directly (KeywardLogger), in Powertools' structure (KeywardLogFormatter).
 */
export function getLogger(): Logger {
  root ??= new KeywardLogger({ serviceName: "keyward" });
  return root;
}

/** Replaces the root logger (tests capture lines through a subclass); `undefined` restores the default. */
export function setLoggerForTests(logger: Logger | undefined): void {
  root = logger;
}
