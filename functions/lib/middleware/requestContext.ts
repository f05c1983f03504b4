import { randomUUID } from "node:crypto";
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { toKmsError } from "../errorResponse";
import { getLogger } from "../logger";
import { createRequestLogger } from "../RequestLogger";
import { findState, type StackState, setState } from "../StackState";

let coldStart = true;

/**
 * Creates the request's state: its RequestId (API Gateway's, else a fresh UUID), the HostId, and a request logger
 * carrying `action`, `requestId` and, in Lambda, the function name, its request id and whether this is a cold start. After the request it writes the audit line (DESIGN section 11): account,
 * AccessKey, action, key, version, result (`Success` or the error code) and request id, never a payload.
 */
export function requestContext(action: string): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    name: "requestContext",
    before(request) {
      const event = request.event;
      const requestId = event.requestContext?.requestId || randomUUID();
      const context = request.context as Partial<Context> | undefined;
      const lambda = context?.functionName
        ? {
            function_name: context.functionName,
            function_request_id: context.awsRequestId,
            cold_start: coldStart,
          }
        : {};
      coldStart = false;
      const logger = createRequestLogger(getLogger(), { action, requestId, ...lambda });
      const hostId = event.requestContext?.domainName || event.headers?.host || "keyward";
      setState(event, { action, requestId, hostId, logger, audit: {} });
    },
    after(request) {
      const state = findState(request.event);
      if (state) writeAudit(state, "Success");
    },
    onError(request) {
      const state = findState(request.event);
      if (state) writeAudit(state, toKmsError(request.error).code);
    },
  };
}

function writeAudit(state: StackState, result: string): void {
  state.logger.info("audit", {
    audit: {
      account: state.principal?.accountId ?? null,
      accessKeyId: state.principal?.accessKeyId ?? null,
      action: state.action,
      keyId: state.audit.keyId ?? null,
      keyVersionId: state.audit.keyVersionId ?? null,
      result,
      requestId: state.requestId,
    },
  });
}
