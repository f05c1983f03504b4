import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { getDeps } from "../deps";
import { findState } from "../StackState";

/**
 * Gets the instance's dependencies and asks their authenticator who sent the request; the account joins the
 * logger's keys. Throws whatever the authenticator throws (AuthenticationError subclasses).
 */
export function authenticate(): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    name: "authenticate",
    async before(request) {
      const state = findState(request.event);
      if (!state?.parsed) return;
      state.deps = await getDeps();
      state.principal = await state.deps.authenticator.authenticate(state.parsed.raw);
      state.logger.appendKeys({ account: state.principal.accountId });
    },
  };
}
