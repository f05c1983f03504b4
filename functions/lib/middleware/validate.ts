import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { findState } from "../StackState";
import type { OperationSpec } from "../schema";
import { validateInput } from "../validateInput";

/**
 * Validates the parameters against the operation's declaration (validateInput) after authentication, so an
 * unauthenticated caller learns nothing about parameters. The named key (KeyId as given) joins the logger's keys
 * and the audit line.
 * @throws InvalidParameterError / MissingParameterError naming the parameter.
 */
export function validate(action: string, spec: OperationSpec): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    name: "validate",
    before(request) {
      const state = findState(request.event);
      if (!state?.parsed) return;
      const input = validateInput(action, spec, state.parsed.params);
      state.input = input;
      const keyId = (input as { keyId?: unknown }).keyId;
      if (typeof keyId === "string") {
        state.audit.keyId = keyId;
        state.logger.appendKeys({ keyId });
      }
    },
  };
}
