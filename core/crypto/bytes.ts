/**
 * Byte helpers shared by the crypto modules: big-endian length prefixes, concatenation, strict UTF-8, wiping.
 * Nothing here allocates from Node's shared Buffer pool, so every array returned owns its whole ArrayBuffer and
 * can be wiped without touching anyone else's bytes.
 */

import { randomFillSync } from "node:crypto";

const encoder = new TextEncoder();
/** A lone surrogate: in `u` mode a well-formed surrogate pair is one code point and does not match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** A source of cryptographically strong random bytes (injected; tests may pass a deterministic one). */
export type RandomBytes = (length: number) => Uint8Array;

/** The largest value a u32 length prefix can carry. */
export const U32_MAX = 0xffff_ffff;

/** `value` as 4 bytes, big-endian. The caller guarantees 0 <= value <= U32_MAX. */
export function u32be(value: number): Uint8Array {
  return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

/** The concatenation of `parts`, in a fresh array. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Whether `text` is well-formed UTF-16 (no lone surrogate), i.e. whether its UTF-8 encoding is lossless. A lone
 * surrogate would be replaced by U+FFFD, so two different strings would encode to the same bytes.
 */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** The UTF-8 encoding of `text`. Callers that need injectivity check {@link isWellFormedText} first. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Lexicographic comparison of two byte strings (a proper prefix sorts first). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** A copy of `bytes` that owns its own ArrayBuffer (never a view into a shared pool). */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

/** Overwrites every given array with zeros (secrets are wiped after use, STYLE rule 13). */
export function wipe(...arrays: readonly (Uint8Array | undefined)[]): void {
  for (const array of arrays) array?.fill(0);
}

/** Random bytes from node:crypto's CSPRNG, in a fresh array (the default where no source is injected). */
export function systemRandomBytes(length: number): Uint8Array {
  return randomFillSync(new Uint8Array(length));
}
