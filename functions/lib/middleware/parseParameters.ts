import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { InvalidParameterError, MissingParameterError } from "../../../core/errors";
import { parseRequest } from "../parseRequest";
import { findState } from "../StackState";
import type { OperationSpec } from "../schema";

/**
 * Parses the request's parameters (parseRequest: query, form and JSON body merged, flattened maps folded) and
 * checks that it asks for this function's Action.
 * @throws MissingParameterError (`Action`) when no Action is named; InvalidParameterError when another is.
 */
export function parseParameters(action: string, spec: OperationSpec): MiddlewareObj<APIGatewayProxyEventV2> {
  const flattenedMaps = new Set(
    Object.values(spec.params)
      .filter((param) => param.type.flattenedMap)
      .map((param) => param.wire),
  );
  return {
    name: "parseParameters",
    before(request) {
      const state = findState(request.event);
      const parsed = parseRequest(request.event, { flattenedMaps });
      /* Precondition: the request names an Action. */
      if (parsed.action === undefined) throw new MissingParameterError("Action");
      /* Precondition: the request's Action is the one this function serves. */
      if (parsed.action !== action)
        throw new InvalidParameterError("Action", `This endpoint serves ${action}.`);
      if (state) state.parsed = parsed;
    },
  };
}
