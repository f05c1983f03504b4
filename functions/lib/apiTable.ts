import { ACTION_NAMES, OPERATIONS } from "../operations";
import type { ParamSpec } from "./schema";

/**
 * The README's API table, rendered from the operations list (STYLE rule 4: the declaration is the single source):
 * one section per operation with its summary, category and a table of its parameters (wire name, required or
 * default, type and limits, description). Markdown; `|` inside cells is escaped.
 */
export function renderApiTable(): string {
  const sections = ACTION_NAMES.map((action) => {
    const spec = OPERATIONS[action];
    const params: ParamSpec[] = Object.values(spec.params);
    const rows = params.map(
      (p) => `| \`${p.wire}\` | ${presence(p)} | ${cell(p.type.summary)} | ${cell(p.description)} |`,
    );
    const unsupported = Object.entries(spec.unsupported ?? {}).map(
      ([wire, reason]) => `\`${wire}\`: ${reason}`,
    );
    return [
      `### ${action}`,
      "",
      `${spec.summary} *${spec.category}*; handler \`functions/${spec.module}.ts\`.`,
      "",
      ...(rows.length > 0
        ? ["| Parameter | Required | Type | Description |", "|---|---|---|---|", ...rows]
        : ["No parameters."]),
      ...(spec.exactlyOneOf ?? []).map(
        (group) => `\nGive exactly one of ${group.map((w) => `\`${w}\``).join(", ")}.`,
      ),
      ...(unsupported.length > 0 ? [`\nRefused parameters: ${unsupported.join(" ")}`] : []),
    ].join("\n");
  });
  return `${sections.join("\n\n")}\n`;
}

function presence(param: ParamSpec): string {
  if (param.presence === "required") return "yes";
  if (param.presence === "optional") return "no";
  return `no (default \`${String(param.defaultValue)}\`)`;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}
