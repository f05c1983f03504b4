import { randomUUID } from "node:crypto";
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { isKmsError } from "../../../core/errors";
import { errorResponse } from "../errorResponse";
import { getLogger } from "../logger";
import { findState } from "../StackState";

/**
 * The outermost middleware: the one place an error becomes a response (STYLE rule 9). A KmsError is answered with
 * its status and code; anything else is `500 InternalFailure`, logged here with its cause and never echoed. A
 * KmsError of status 500 or more is logged with its cause too.
 */
export function errorMapper(): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    name: "errorMapper",
    onError(request) {
      const state = findState(request.event);
      const logger = state?.logger ?? getLogger();
      const error = request.error;
      if (!isKmsError(error)) logger.error("Unhandled error; answered 500 InternalFailure", { error });
      else if (error.httpStatus >= 500) logger.error(`Answered ${error.code}`, { error });
      const requestId = state?.requestId ?? request.event.requestContext?.requestId ?? randomUUID();
      request.response = errorResponse(error, requestId, state?.hostId ?? "keyward");
    },
  };
}
