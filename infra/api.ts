import { buildActionRewrite } from "./actionRewrite";
import { OPERATION_FUNCTIONS } from "./functionCatalog";
import { FUNCTION_DEFAULTS } from "./functionDefaults";
import { environmentFor, linksFor, permissionsFor } from "./functionLinks";

/**
 * The HTTP API (DESIGN section 10): one route `POST /<Action>` and one function per operation, generated from
 * functions/operations.ts through infra/functionCatalog.ts. Each function runs `functions/<module>.handler` and is
 * linked only to what its operation uses: the table always (authentication reads AccessKeys), the root keys and the
 * HSM function only for operations that create or use key material.
 */
export const api = new sst.aws.ApiGatewayV2("Api", { accessLog: { retention: "1 month" } });

for (const fn of OPERATION_FUNCTIONS) {
  api.route(`POST /${fn.action}`, {
    ...FUNCTION_DEFAULTS,
    handler: `functions/${fn.module}.handler`,
    description: `Keyward ${fn.action}`,
    link: linksFor(fn.needs),
    permissions: permissionsFor(fn.needs),
    environment: environmentFor(fn.needs),
  });
}

/**
 * The entry for the official SDKs: a CloudFront router in front of the API whose viewer-request function maps
 * `POST /` + Action (query string or `x-acs-action` header) to `/<Action>` (infra/actionRewrite.ts explains what it
 * does with everything else, including an Action sent only in a form body).
 */
export const router = new sst.aws.Router("Entry", {
  edge: { viewerRequest: { injection: buildActionRewrite() } },
});
router.route("/", api.url);
