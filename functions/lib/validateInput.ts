import { InvalidParameterError, MissingParameterError } from "../../core/errors";
import type { InputOfParams, OperationSpec, ParamSpec, ParamSpecs } from "./schema";

const byWireCache = new WeakMap<OperationSpec, ReadonlyMap<string, readonly [string, ParamSpec]>>();

/** The declared parameters of an operation by wire name (computed once per operation). */
function byWire(spec: OperationSpec): ReadonlyMap<string, readonly [string, ParamSpec]> {
  let map = byWireCache.get(spec);
  if (!map) {
    map = new Map(Object.entries(spec.params).map(([name, param]) => [param.wire, [name, param] as const]));
    byWireCache.set(spec, map);
  }
  return map;
}

/**
 * Turns an operation's API parameters (one string each, protocol parameters already removed) into its typed
 * input object (STYLE rule 4). Empty values count as absent. Checks, in order: no unknown or unsupported parameter,
 * the operation's one-of groups, then each declared parameter (required, then its type's limits).
 *
 * @throws InvalidParameterError naming an unknown or unsupported parameter, or one whose value is not acceptable.
 * @throws MissingParameterError naming a required parameter that is absent or empty.
 */
export function validateInput<P extends ParamSpecs>(
  action: string,
  spec: OperationSpec<P>,
  params: ReadonlyMap<string, string>,
): InputOfParams<P> {
  const declared = byWire(spec);
  for (const [wire, raw] of params) {
    if (declared.has(wire)) continue;
    const reason =
      spec.unsupported && Object.hasOwn(spec.unsupported, wire) ? spec.unsupported[wire] : undefined;
    /* Precondition: an unsupported parameter is absent or empty. */
    if (reason !== undefined && raw === "") continue;
    /* Precondition: every parameter is declared by the operation. */
    // The name is the caller's: at most 128 characters of it travel back in the message.
    throw new InvalidParameterError(wire.slice(0, 128), reason ?? `It is not a parameter of ${action}.`);
  }
  for (const group of spec.exactlyOneOf ?? []) {
    const given = group.filter((wire) => (params.get(wire) ?? "") !== "");
    /* Precondition: exactly one parameter of a one-of group is given. */
    if (given.length === 0) throw new MissingParameterError(group.join(" or "));
    if (given.length > 1)
      throw new InvalidParameterError(given[1] ?? "", `Give only one of ${group.join(", ")}.`);
  }
  const input: Record<string, unknown> = {};
  try {
    for (const [wire, [name, param]] of declared) {
      const raw = params.get(wire) ?? "";
      if (raw !== "") {
        input[name] = param.type.parse(raw, wire);
      } else if (param.presence === "defaulted") {
        input[name] = param.defaultValue;
      } else if (param.presence === "required") {
        /* Precondition: a required parameter is present and not empty. */
        throw new MissingParameterError(wire);
      }
    }
  } catch (error) {
    // Bytes already decoded (a Plaintext, say) are wiped before the error travels on.
    for (const value of Object.values(input)) if (value instanceof Uint8Array) value.fill(0);
    throw error;
  }
  return Object.freeze(input) as InputOfParams<P>;
}
