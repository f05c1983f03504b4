import { LogFormatter, LogItem } from "@aws-lambda-powertools/logger";
import type { LogAttributes, UnformattedAttributes } from "@aws-lambda-powertools/logger/types";

/**
 * The Powertools log structure (the keys and order of Powertools' default formatter: level, message, timestamp,
 * service, the Lambda context fields, sampling_rate, xray_trace_id, tenant_id, then the line's own keys), built for
 * one JSON line per request at low cost: the line's keys are merged shallowly (they are plain values, and the base
 * keys are never nested, so the result equals the default formatter's deep merge), and whether a time zone other
 * than UTC is configured (TZ) is read once, at construction, instead of on every line.
 */
export class KeywardLogFormatter extends LogFormatter {
  readonly #utc: boolean;

  constructor(timeZone: string | undefined = process.env.TZ) {
    super();
    this.#utc = !timeZone || timeZone.includes("UTC");
  }

  override formatTimestamp(now: Date): string {
    return this.#utc ? now.toISOString() : super.formatTimestamp(now);
  }

  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: context?.coldStart,
        function_arn: context?.invokedFunctionArn,
        function_memory_size: context?.memoryLimitInMB,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
        tenant_id: context?.tenantId,
        ...additional,
      },
    });
  }
}
