import { Logger } from "@aws-lambda-powertools/logger";
import type { ConstructorOptions } from "@aws-lambda-powertools/logger/types";

/**
 * A Powertools Logger that keeps every line it would print (as the JSON text it would print), shared with all its
 * children, so tests can read audit lines and scan logs for secrets.
 */
export class CapturingLogger extends Logger {
  readonly sink: string[];

  constructor(sink: string[] = [], options: ConstructorOptions = {}) {
    super({ serviceName: "keyward-test", logLevel: "DEBUG", ...options });
    this.sink = sink;
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return new CapturingLogger(this.sink, options);
  }

  protected override printLog(_logLevel: number, log: Parameters<Logger["printLog"]>[1]): void {
    log.prepareForPrint();
    this.sink?.push(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
  }

  /** The captured lines, parsed. */
  records(): Record<string, unknown>[] {
    return this.sink.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
