import { InvalidParameterError } from "../errors";
import { compareBytes, concatBytes, isWellFormedText, u32be, utf8 } from "./bytes";

/** An EncryptionContext: string keys to string values (the `EncryptionContext` parameter of the Alibaba API). */
export type EncryptionContext = Readonly<Record<string, string>>;

/**
 * The canonical encoding of an EncryptionContext (DESIGN section 4), the tail of a blob's associated data:
 *
 * ```
 * u32 count
 * then for each pair, in ascending order of the key's UTF-8 bytes:
 *   u32 len(key) ‖ key ‖ u32 len(value) ‖ value        (UTF-8, all integers big-endian)
 * ```
 *
 * No context, or an empty one, encodes as `00 00 00 00`. The encoding is injective: every field is length-prefixed
 * and the order depends only on the set of keys, so `{"ab":"c"}` and `{"a":"bc"}` differ and a context can be read
 * back from its encoding.
 * @throws InvalidParameterError (`EncryptionContext`) when a value is not a string or a key or value holds a lone
 *   surrogate (its UTF-8 form would be lossy, and two contexts could encode alike).
 */
export function encodeEncryptionContext(context: EncryptionContext | undefined): Uint8Array {
  const pairs: { key: Uint8Array; value: Uint8Array }[] = [];
  for (const [key, value] of Object.entries(context ?? {})) {
    /* Precondition: every context value is a string. */
    if (typeof value !== "string") {
      throw new InvalidParameterError("EncryptionContext", "Every value must be a string.");
    }
    /* Precondition: context keys and values are well-formed Unicode. */
    if (!isWellFormedText(key) || !isWellFormedText(value)) {
      throw new InvalidParameterError("EncryptionContext", "Keys and values must be valid Unicode text.");
    }
    pairs.push({ key: utf8(key), value: utf8(value) });
  }
  pairs.sort((a, b) => compareBytes(a.key, b.key));
  const parts: Uint8Array[] = [u32be(pairs.length)];
  for (const { key, value } of pairs) parts.push(u32be(key.length), key, u32be(value.length), value);
  return concatBytes(...parts);
}
