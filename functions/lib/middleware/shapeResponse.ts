import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { JSON_CONTENT_TYPE } from "../errorResponse";
import { type AuditTarget, findState } from "../StackState";
import type { WireObject, WireValue } from "../WireObject";

/**
 * Turns the handler's wire-shaped output into the HTTP response (reference section 8): status 200, JSON,
 * `RequestId` first and always. The key and version the output names (`KeyId`, `KeyVersionId`, or inside
 * `KeyMetadata`/`KeyVersion`: the resolved key, not the alias asked for) go into the audit line unless the handler
 * named them itself.
 */
export function shapeResponse(): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    name: "shapeResponse",
    after(request) {
      const state = findState(request.event);
      const requestId = state?.requestId ?? "";
      const output = (request.response ?? {}) as WireObject;
      if (state) completeAudit(state.audit, output);
      const body: Record<string, WireValue | undefined> = { RequestId: requestId };
      for (const name in output) if (name !== "RequestId") body[name] = output[name];
      request.response = {
        statusCode: 200,
        headers: { "content-type": JSON_CONTENT_TYPE, "x-acs-request-id": requestId },
        body: JSON.stringify(body),
      };
    },
  };
}

function completeAudit(audit: AuditTarget, output: WireObject): void {
  if (audit.named) return;
  for (const source of [output, output.KeyVersion, output.KeyMetadata]) {
    if (typeof source !== "object" || source === null || Array.isArray(source)) continue;
    const fields = source as WireObject;
    if (typeof fields.KeyId === "string") audit.keyId = fields.KeyId;
    if (typeof fields.KeyVersionId === "string") audit.keyVersionId = fields.KeyVersionId;
  }
}
