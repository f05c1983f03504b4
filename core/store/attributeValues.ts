import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/*
 * Writers of low-level DynamoDB AttributeValues (lib-dynamodb's automatic marshalling is not used: every stored
 * attribute is spelled out, so the layout in docs/data-model.md is the code's layout).
 */

/** `{S}` */
export function str(value: string): AttributeValue {
  return { S: value };
}

/** `{N}` for a number. */
export function num(value: number): AttributeValue {
  return { N: String(value) };
}

/** `{BOOL}` */
export function bool(value: boolean): AttributeValue {
  return { BOOL: value };
}

/** `{B}` for bytes. */
export function bin(value: Uint8Array): AttributeValue {
  return { B: value };
}

/** `{M}` holding the defined entries of `fields` (an absent optional value is an absent attribute). */
export function map(fields: Record<string, AttributeValue | undefined>): AttributeValue {
  return { M: defined(fields) };
}

/** `{L}` */
export function list(values: readonly AttributeValue[]): AttributeValue {
  return { L: [...values] };
}

/** `{M}` of `{S}`: a string map such as tags. */
export function stringMap(values: Readonly<Record<string, string>>): AttributeValue {
  return { M: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, str(value)])) };
}

/** `str(value)` when the value is defined, otherwise undefined (dropped by `map` and `defined`). */
export function optionalStr(value: string | undefined): AttributeValue | undefined {
  return value === undefined ? undefined : str(value);
}

/** `num(value)` when the value is defined, otherwise undefined. */
export function optionalNum(value: number | undefined): AttributeValue | undefined {
  return value === undefined ? undefined : num(value);
}

/** The entries whose value is defined, as an item or map. */
export function defined(fields: Record<string, AttributeValue | undefined>): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined)
      Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return result;
}
