import { ACTION_NAMES, OPERATIONS } from "../operations";
import { renderApiTable } from "./apiTable";

/** The one-line-per-operation table of the README: Action, what it does, its category. */
export function renderApiSummary(): string {
  const rows = ACTION_NAMES.map((action) => {
    const spec = OPERATIONS[action];
    return `| [\`${action}\`](docs/api.md#${action.toLowerCase()}) | ${spec.summary} | ${spec.category} |`;
  });
  return ["| Action | What it does | Category |", "|---|---|---|", ...rows].join("\n");
}

/** docs/api.md: every operation with its parameters, generated from functions/operations.ts. */
export function apiDocument(): string {
  return [
    "# Keyward API reference",
    "",
    "Generated from `functions/operations.ts` by `npm run docs:api`; do not edit by hand.",
    "Every operation also accepts the RPC common parameters (Action, Version, Format, AccessKeyId,",
    "SignatureMethod, SignatureVersion, SignatureNonce, Timestamp, Signature, SecurityToken, RegionId).",
    "",
    renderApiTable(),
    "",
  ].join("\n");
}
