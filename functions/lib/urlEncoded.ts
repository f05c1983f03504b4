import { MalformedRequestError } from "../../core/errors";

/** The most parameters one query string or form body may carry (an explicit input limit, DESIGN section 11). */
export const MAX_PARAMETERS = 256;

/**
 * Decodes `application/x-www-form-urlencoded` text (a query string or a form body) into a multimap that keeps every
 * value of a repeated name in order. `+` is a space and `%XX` sequences must form valid UTF-8 (WHATWG URL
 * standard, section 5.1, applied strictly). The record has no prototype, so any name is an ordinary key.
 *
 * @throws MalformedRequestError for a malformed escape, invalid UTF-8, a nameless pair, or too many parameters.
 */
export function decodeUrlEncoded(text: string, where: string): Record<string, string[]> {
  const result: Record<string, string[]> = Object.create(null);
  let count = 0;
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    /* Precondition: a query string or form body carries at most MAX_PARAMETERS parameters. */
    if (++count > MAX_PARAMETERS) {
      throw new MalformedRequestError(`the ${where} has more than ${MAX_PARAMETERS} parameters.`);
    }
    const equals = pair.indexOf("=");
    const name = decodeComponent(equals < 0 ? pair : pair.slice(0, equals), where);
    const value = equals < 0 ? "" : decodeComponent(pair.slice(equals + 1), where);
    /* Precondition: every parameter has a name. */
    if (name === "") throw new MalformedRequestError(`the ${where} has a parameter without a name.`);
    const values = result[name];
    if (values) values.push(value);
    else result[name] = [value];
  }
  return result;
}

function decodeComponent(encoded: string, where: string): string {
  // Most names and many values hold neither escapes nor `+`: nothing to decode (two indexOf scans, no copy).
  const plus = encoded.includes("+");
  if (!plus && !encoded.includes("%")) return encoded;
  try {
    return decodeURIComponent(plus ? encoded.replaceAll("+", " ") : encoded);
  } catch (error) {
    /* Precondition: percent escapes are well formed and decode to UTF-8. */
    throw new MalformedRequestError(`the ${where} has a malformed percent escape.`, { cause: error });
  }
}
