import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Principal } from "./Authenticator";
import type { Deps } from "./deps";
import type { ParsedRequest } from "./parseRequest";
import type { RequestLogger } from "./RequestLogger";

/** What the middlewares of one request learn and hand on (filled in stack order; see defineHandler.ts). */
export interface StackState {
  readonly action: string;
  readonly requestId: string;
  /** The `HostId` of error bodies: the host the caller addressed. */
  readonly hostId: string;
  /** The request's logger, carrying its keys. */
  readonly logger: RequestLogger;
  parsed?: ParsedRequest;
  deps?: Deps;
  principal?: Principal;
  input?: unknown;
  /** The key and version the audit line names; `named` once the handler named them itself. */
  audit: AuditTarget;
}

/** The key and version of the audit line. */
export interface AuditTarget {
  keyId?: string;
  keyVersionId?: string;
  named?: boolean;
}

const states = new WeakMap<APIGatewayProxyEventV2, StackState>();

/** Attaches a request's state to its event (the one object every middleware and the handler share). */
export function setState(event: APIGatewayProxyEventV2, state: StackState): void {
  states.set(event, state);
}

/** The state of a request, or undefined when the stack failed before creating it. */
export function findState(event: APIGatewayProxyEventV2): StackState | undefined {
  return states.get(event);
}
