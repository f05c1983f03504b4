import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { InternalFailureError } from "../../core/errors";
import { type ActionName, type InputOf, OPERATIONS } from "../operations";
import type { Principal } from "./Authenticator";
import type { Deps } from "./deps";
import { authenticate } from "./middleware/authenticate";
import { errorMapper } from "./middleware/errorMapper";
import { parseParameters } from "./middleware/parseParameters";
import { requestContext } from "./middleware/requestContext";
import { shapeResponse } from "./middleware/shapeResponse";
import { validate } from "./middleware/validate";
import type { RequestLogger } from "./RequestLogger";
import { findState } from "./StackState";
import { currentStackObserver, namedPhases } from "./stackObserver";
import type { WireObject } from "./WireObject";

/** What an operation's handler receives besides its input. */
export interface HandlerContext {
  readonly deps: Deps;
  readonly principal: Principal;
  readonly requestId: string;
  /** The request's logger (keys action, requestId, account, keyId). Never log plaintext or key material. */
  readonly logger: RequestLogger;
  /** Names the key and version the request acted on, for the audit line (default: those the output names). */
  audit(keyId: string, keyVersionId?: string): void;
}

/** The body of a handler: one service call, its result shaped into wire names (STYLE rule 2). */
export type OperationRun<A extends ActionName> = (
  ctx: HandlerContext,
  input: InputOf<A>,
) => Promise<WireObject>;

/** A Lambda handler for API Gateway HTTP API (payload 2.0) events. */
export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Builds the Lambda handler of one operation on THE middleware stack (STYLE rule 3), used by every file in
 * functions/ as `export const handler = defineHandler("CreateKey", async (ctx, input) => ...)`.
 *
 * Order (middy runs `before` top-down, `after` and `onError` bottom-up):
 * 1. errorMapper      onError: the one place errors become responses (outermost, so it runs last)
 * 2. requestContext   before: RequestId, HostId, request logger; after/onError: the audit line
 * 3. parseParameters  before: query + form + JSON body merged; the Action must be this one
 * 4. authenticate     before: getDeps(), then deps.authenticatorFor(category) -> Principal
 * 5. validate         before: the operation's declaration -> typed input (unknown parameters refused)
 * -  handler          `run(ctx, input)` returns the wire-shaped output
 * 6. shapeResponse    after: 200, JSON, RequestId first
 *
 * Nothing heavy happens at import time: dependencies are created on the first request. A stack observer installed
 * beforehand (stackObserver.ts, benchmarks) gets middy's plugin hooks.
 */
export function defineHandler<A extends ActionName>(action: A, run: OperationRun<A>): ApiHandler {
  const spec = OPERATIONS[action];
  const observer = currentStackObserver();
  const stack = middy(async (event: APIGatewayProxyEventV2) => {
    const state = findState(event);
    // Invariant: the middlewares before the handler authenticated and validated the request.
    if (!state?.deps || !state.principal || state.input === undefined) {
      throw new InternalFailureError({ cause: "the middleware stack did not prepare the request" });
    }
    const ctx: HandlerContext = {
      deps: state.deps,
      principal: state.principal,
      requestId: state.requestId,
      logger: state.logger,
      audit(keyId, keyVersionId) {
        state.audit = { keyId, keyVersionId, named: true };
      },
    };
    return run(ctx, state.input as InputOf<A>);
  }, observer);
  const middlewares = [
    errorMapper(),
    requestContext(action),
    parseParameters(action, spec),
    authenticate(spec.category),
    validate(action, spec),
    shapeResponse(),
  ];
  stack.use(observer ? middlewares.map(namedPhases) : middlewares);
  return stack as unknown as ApiHandler;
}
