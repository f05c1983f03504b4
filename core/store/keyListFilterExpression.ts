import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { InvalidParameterError } from "../errors";
import { str } from "./attributeValues";
import type { KeyListFilter } from "./KeyRepository";
import { assertIsoSeconds } from "./keyItemKeys";

/** A DynamoDB FilterExpression with its placeholders. */
export interface FilterExpression {
  readonly expression: string;
  readonly names: Record<string, string>;
  readonly values: Record<string, AttributeValue>;
}

/** The filterable fields and the key-item attribute each one is stored in (all projected into GSI1). */
const FILTERED_ATTRIBUTES = {
  keyState: "keyState",
  keySpec: "keySpec",
  keyUsage: "keyUsage",
  protectionLevel: "protectionLevel",
  creatorType: "creatorType",
} as const;

/**
 * The FilterExpression of a ListKeys filter (reference: ListKeys `Filters`): AND across attributes, OR within one
 * attribute's values (`IN`); with `liveAt`, keys past their deletion date are left out. Undefined when nothing
 * is filtered.
 * @throws InvalidParameterError (`Filters`) when an attribute is given with no values; (`liveAt`) when it is not
 * `YYYY-MM-DDTHH:mm:ssZ`.
 */
export function keyListFilterExpression(filter: KeyListFilter): FilterExpression | undefined {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  for (const [field, attribute] of Object.entries(FILTERED_ATTRIBUTES)) {
    const wanted = filter[field as keyof typeof FILTERED_ATTRIBUTES];
    if (wanted === undefined) continue;
    /* Precondition: a filtered attribute has at least one value. */
    if (wanted.length === 0) throw new InvalidParameterError("Filters", `No value given for ${field}.`);
    const placeholders = [...new Set<string>(wanted)].map((value, index) => {
      values[`:${field}${index}`] = str(value);
      return `:${field}${index}`;
    });
    names[`#${field}`] = attribute;
    clauses.push(`#${field} IN (${placeholders.join(", ")})`);
  }
  if (filter.liveAt !== undefined) {
    assertIsoSeconds(filter.liveAt, "liveAt");
    names["#liveState"] = "keyState";
    names["#deleteDate"] = "deleteDate";
    values[":pendingDeletion"] = str("PendingDeletion");
    values[":liveAt"] = str(filter.liveAt);
    clauses.push("NOT (#liveState = :pendingDeletion AND #deleteDate <= :liveAt)");
  }
  if (clauses.length === 0) return undefined;
  return { expression: clauses.join(" AND "), names, values };
}
