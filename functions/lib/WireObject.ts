/**
 * The response body of an operation exactly as it goes on the wire (reference section 8): PascalCase names as the
 * API reference spells them, lists wrapped twice (`{"Keys":{"Key":[...]}}`), bytes already base64 text. Handlers
 * build these explicitly from the service's camelCase result, so every wire name is visible in its handler file and
 * no case-conversion rule has to guess acronyms such as `DKMSInstanceId`. The stack adds `RequestId`.
 *
 * The type admits only JSON values: a Uint8Array (or any class instance) in an output is a compile error. Declare
 * output shapes with `type`, not `interface` (interfaces have no index signature).
 */
export type WireValue = string | number | boolean | null | readonly WireValue[] | WireObject;

/** A JSON object of wire values; `undefined` members are left out of the JSON. */
export type WireObject = { readonly [name: string]: WireValue | undefined };
