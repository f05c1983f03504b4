import { InvalidParameterError } from "../errors";
import { percentEncode } from "./percentEncode";

/**
 * Merges decoded parameter sources (query string, form body) into one name → value map.
 *
 * A signature covers one value per name; a name given twice (twice in one source, or in two sources) would let the
 * signer and the operation read different values, so it is refused. A name listed with no value is skipped.
 *
 * @throws InvalidParameterError naming the first parameter given more than once.
 */
export function singleValuedParameters(
  sources: readonly Readonly<Record<string, readonly string[]>>[],
): Map<string, string> {
  const merged = new Map<string, string>();
  for (const source of sources) {
    for (const [name, values] of Object.entries(source)) {
      if (values.length === 0) continue;
      /* Precondition: a parameter name is given at most once. */
      if (values.length > 1 || merged.has(name)) {
        throw new InvalidParameterError(name, "The parameter is given more than once.");
      }
      merged.set(name, values[0] as string);
    }
  }
  return merged;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Orders strings by their UTF-8 bytes (which is also code point order). Without surrogates, UTF-16 code unit order
 * is the same order, so only strings holding characters beyond U+FFFF take the slower byte comparison.
 */
export function compareUtf8(a: string, b: string): number {
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * The canonical query string both schemes sign: parameters sorted by the UTF-8 bytes of their names, each written
 * `percentEncode(name)=percentEncode(value)`, joined by `&` (RPC v1 "CanonicalizedQueryString", reference 6a; ACS3
 * "CanonicalQueryString", reference 6b). Built from decoded values, never from the raw query as received.
 *
 * @throws MalformedRequestError when a name or value is not well-formed Unicode.
 */
export function canonicalQuery(params: ReadonlyMap<string, string>): string {
  return [...params.keys()]
    .sort(compareUtf8)
    .map((name) => `${percentEncode(name)}=${percentEncode(params.get(name) as string)}`)
    .join("&");
}
