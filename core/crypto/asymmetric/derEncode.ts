import { DER_TAG } from "./DerReader";

/** Encodes a DER length (X.690 section 10.1: definite, minimal). */
function encodeLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 | bytes.length, ...bytes];
}

/**
 * Encodes one DER element from its tag and the concatenation of `parts` (written once into a fresh array, with no
 * pooled or intermediate buffers, so a caller zeroing the result leaves no copy of secret content behind).
 */
export function derElement(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const contentLength = parts.reduce((sum, part) => sum + part.length, 0);
  const header = [tag, ...encodeLength(contentLength)];
  const out = new Uint8Array(header.length + contentLength);
  out.set(header, 0);
  let offset = header.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Encodes a SEQUENCE of already encoded elements. */
export function derSequence(...elements: Uint8Array[]): Uint8Array {
  return derElement(DER_TAG.SEQUENCE, ...elements);
}

/**
 * Encodes a non-negative INTEGER from its big-endian magnitude: leading zero bytes dropped, one zero byte added when
 * the high bit is set (minimal two's complement, X.690 section 8.3).
 */
export function derUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.length === 0 ? Uint8Array.of(0) : magnitude.subarray(start);
  return (trimmed[0] ?? 0) & 0x80
    ? derElement(DER_TAG.INTEGER, Uint8Array.of(0), trimmed)
    : derElement(DER_TAG.INTEGER, trimmed);
}

/** Encodes an OCTET STRING. */
export function derOctetString(content: Uint8Array): Uint8Array {
  return derElement(DER_TAG.OCTET_STRING, content);
}

/** Encodes a BIT STRING holding whole bytes. */
export function derBitString(content: Uint8Array): Uint8Array {
  return derElement(DER_TAG.BIT_STRING, Uint8Array.of(0), content);
}

/** Encodes an OBJECT IDENTIFIER from its content bytes in hex (see `OID_HEX`). */
export function derOid(contentHex: string): Uint8Array {
  return derElement(DER_TAG.OID, Buffer.from(contentHex, "hex"));
}

/** Encodes a context-specific constructed (EXPLICIT) tag `[number]` around one element. */
export function derExplicit(tagNumber: number, element: Uint8Array): Uint8Array {
  return derElement(0xa0 | tagNumber, element);
}
