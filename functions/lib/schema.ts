/**
 * A small declarative schema for API parameters (STYLE rule 4): each operation declares its parameters here-style,
 * and one validator (validateInput.ts) turns the wire strings into a typed input object.
 *
 * Input objects use camelCase property names (the keys of the declaration); each parameter names its wire
 * spelling explicitly (`KeyId`, `DKMSInstanceId`), so no case conversion rule is needed.
 */

/** How one wire string becomes a value. `parse` throws InvalidParameterError naming the parameter. */
export interface ParamType<T> {
  /** The type and its limits in a few words, for the README's API table (`string, 1-2048 chars`). */
  readonly summary: string;
  /**
   * Parses the wire value (never empty: empty values count as absent).
   * @throws InvalidParameterError(wire) when the value is not acceptable.
   */
  parse(raw: string, wire: string): T;
  /** A JSON object of strings that may also arrive flattened as `<wire>.<key>=<value>` (reference section 1). */
  readonly flattenedMap?: boolean;
}

/** Whether a parameter must be given, may be absent, or takes a default when absent. */
export type Presence = "required" | "optional" | "defaulted";

/** One declared parameter. */
export interface ParamSpec<T = unknown, P extends Presence = Presence> {
  /** The name on the wire, exactly as the API reference spells it. */
  readonly wire: string;
  readonly type: ParamType<T>;
  readonly presence: P;
  /** The value used when a `defaulted` parameter is absent. */
  readonly defaultValue?: T;
  /** One line for the README's API table. */
  readonly description: string;
}

/** A parameter the caller must give; absent or empty is MissingParameterError. */
export function required<T>(wire: string, type: ParamType<T>, description: string): ParamSpec<T, "required"> {
  return { wire, type, presence: "required", description };
}

/** A parameter the caller may leave out; the input property is then absent. */
export function optional<T>(wire: string, type: ParamType<T>, description: string): ParamSpec<T, "optional"> {
  return { wire, type, presence: "optional", description };
}

/** A parameter that takes `defaultValue` when the caller leaves it out. */
export function withDefault<T>(
  wire: string,
  type: ParamType<T>,
  defaultValue: T,
  description: string,
): ParamSpec<T, "defaulted"> {
  return { wire, type, presence: "defaulted", defaultValue, description };
}

/** The parameters of one operation, keyed by their camelCase input name. */
export type ParamSpecs = { readonly [name: string]: ParamSpec<unknown, Presence> };

type ValueOf<S> = S extends ParamSpec<infer T, Presence> ? T : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The typed input object a declaration produces: required and defaulted names present, optional ones optional. */
export type InputOfParams<P extends ParamSpecs> = Simplify<
  { readonly [K in keyof P as P[K]["presence"] extends "optional" ? never : K]: ValueOf<P[K]> } & {
    readonly [K in keyof P as P[K]["presence"] extends "optional" ? K : never]?: ValueOf<P[K]>;
  }
>;

/**
 * What an operation is, for nonce handling (DESIGN section 3): `state-changing` operations claim their
 * SignatureNonce durably, `cryptographic` and `read-only` ones per instance.
 */
export type OperationCategory = "state-changing" | "cryptographic" | "read-only";

/** The declaration of one API operation (the entries of functions/operations.ts). */
export interface OperationSpec<P extends ParamSpecs = ParamSpecs> {
  /** One line for the README's API table. */
  readonly summary: string;
  /** The handler module: `functions/<module>.ts`, exporting `handler`. */
  readonly module: string;
  readonly category: OperationCategory;
  readonly params: P;
  /**
   * Parameters of the Alibaba API that Keyward does not implement, with the reason. Giving one is
   * InvalidParameterError carrying the reason (rather than the generic unknown-parameter message).
   */
  readonly unsupported?: Readonly<Record<string, string>>;
  /** Groups of wire names of which the caller must give exactly one (SetDeletionProtection: key ARN or KeyId). */
  readonly exactlyOneOf?: readonly (readonly string[])[];
}

/** Declares an operation, keeping the parameter types precise for InputOfParams. */
export function operation<const P extends ParamSpecs>(spec: OperationSpec<P>): OperationSpec<P> {
  return spec;
}
