import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { CorruptItemError } from "./errors";

type Attributes = Record<string, AttributeValue>;

/**
 * Reads typed values out of a stored item (or a map inside one), checking each attribute's DynamoDB type.
 * Every failure is a CorruptItemError naming the item type and the attribute path, never the value.
 */
export class ItemReader {
  readonly #attributes: Attributes;
  readonly #itemType: string;
  readonly #path: string;

  constructor(attributes: Attributes, itemType: string, path = "") {
    this.#attributes = attributes;
    this.#itemType = itemType;
    this.#path = path;
  }

  /** @throws CorruptItemError when absent or not a string. */
  string(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined) throw this.#corrupt(name);
    return value;
  }

  /** @throws CorruptItemError when present but not a string. */
  optionalString(name: string): string | undefined {
    const value = this.#attributes[name];
    if (value === undefined) return undefined;
    if (typeof value.S !== "string") throw this.#corrupt(name);
    return value.S;
  }

  /** A string that must be one of `values` (a wire enumeration). @throws CorruptItemError otherwise. */
  oneOf<T extends string>(name: string, values: readonly T[]): T {
    const value = this.string(name);
    if (!(values as readonly string[]).includes(value)) throw this.#corrupt(name);
    return value as T;
  }

  /** @throws CorruptItemError when absent or not a safe integer. */
  integer(name: string): number {
    const value = this.optionalInteger(name);
    if (value === undefined) throw this.#corrupt(name);
    return value;
  }

  /** @throws CorruptItemError when present but not a safe integer. */
  optionalInteger(name: string): number | undefined {
    const value = this.#attributes[name];
    if (value === undefined) return undefined;
    const parsed = typeof value.N === "string" && /^-?\d+$/.test(value.N) ? Number(value.N) : Number.NaN;
    if (!Number.isSafeInteger(parsed)) throw this.#corrupt(name);
    return parsed;
  }

  /** @throws CorruptItemError when absent or not a boolean. */
  boolean(name: string): boolean {
    const value = this.#attributes[name]?.BOOL;
    if (typeof value !== "boolean") throw this.#corrupt(name);
    return value;
  }

  /** A copy of a binary attribute. @throws CorruptItemError when absent or not binary. */
  bytes(name: string): Uint8Array {
    const value = this.#attributes[name]?.B;
    if (!(value instanceof Uint8Array)) throw this.#corrupt(name);
    return new Uint8Array(value);
  }

  /** @throws CorruptItemError when absent or not a map. */
  map(name: string): ItemReader {
    const value = this.optionalMap(name);
    if (value === undefined) throw this.#corrupt(name);
    return value;
  }

  /** @throws CorruptItemError when present but not a map. */
  optionalMap(name: string): ItemReader | undefined {
    const value = this.#attributes[name];
    if (value === undefined) return undefined;
    if (typeof value.M !== "object" || value.M === null) throw this.#corrupt(name);
    return new ItemReader(value.M, this.#itemType, `${this.#path}${name}.`);
  }

  /** A list whose elements are all maps. @throws CorruptItemError otherwise. */
  mapList(name: string): ItemReader[] {
    const value = this.#attributes[name]?.L;
    if (!Array.isArray(value)) throw this.#corrupt(name);
    return value.map((element, index) => {
      if (typeof element.M !== "object" || element.M === null) throw this.#corrupt(`${name}[${index}]`);
      return new ItemReader(element.M, this.#itemType, `${this.#path}${name}[${index}].`);
    });
  }

  /** A map of strings to strings (tags). @throws CorruptItemError when absent or holding a non-string. */
  stringMap(name: string): Record<string, string> {
    const reader = this.map(name);
    return Object.fromEntries(reader.names().map((key) => [key, reader.string(key)]));
  }

  /** The attribute names present. */
  names(): string[] {
    return Object.keys(this.#attributes);
  }

  #corrupt(name: string): CorruptItemError {
    return new CorruptItemError(this.#itemType, `${this.#path}${name}`);
  }
}
