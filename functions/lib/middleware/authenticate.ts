import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { getDeps } from "../deps";
import { findState } from "../StackState";
import type { OperationCategory } from "../schema";

/**
 * Gets the instance's dependencies and asks the authenticator of the operation's category (state-changing
 * operations claim nonces durably, DESIGN section 3) who sent the request; the account joins the logger's keys.
 * Throws whatever the authenticator throws (AuthenticationError subclasses).
 */
export function authenticate(category: OperationCategory): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    name: "authenticate",
    async before(request) {
      const state = findState(request.event);
      if (!state?.parsed) return;
      const deps = await getDeps();
      const principal = await deps.authenticatorFor(category).authenticate(state.parsed.raw);
      state.deps = deps;
      state.principal = principal;
      state.logger.appendKeys({ account: principal.accountId });
    },
  };
}
