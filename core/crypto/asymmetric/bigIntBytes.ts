import { randomBytes } from "node:crypto";

/** Reads a big-endian unsigned integer. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0
    ? 0n
    : BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex")}`);
}

/** Writes a non-negative integer as exactly `length` big-endian bytes (the caller ensures it fits). */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(length * 2, "0"), "hex"));
}

/** `a mod n` in [0, n). */
export function mod(a: bigint, n: bigint): bigint {
  const r = a % n;
  return r < 0n ? r + n : r;
}

/**
 * The inverse of `a` modulo the prime `n` (extended Euclid). Not constant-time: callers blind secret inputs.
 * The caller ensures `a mod n` is not zero.
 */
export function invert(a: bigint, n: bigint): bigint {
  let t = 0n;
  let nextT = 1n;
  let r = n;
  let nextR = mod(a, n);
  while (nextR !== 0n) {
    const q = r / nextR;
    const tt = t - q * nextT;
    t = nextT;
    nextT = tt;
    const rr = r - q * nextR;
    r = nextR;
    nextR = rr;
  }
  return mod(t, n);
}

/**
 * The inverse of a secret `a` modulo the prime `n` without handing `a` to the variable-time `invert`: it inverts
 * a·β for a fresh random β in [1, n-1] (drawn with 64 extra bits, so its bias is negligible) and multiplies by β
 * again. The caller ensures `a mod n` is not zero.
 */
export function blindedInvert(a: bigint, n: bigint): bigint {
  const size = (n.toString(16).length + 1) >> 1;
  const blind = mod(bytesToBigInt(randomBytes(size + 8)), n - 1n) + 1n;
  return mod(invert(mod(a * blind, n), n) * blind, n);
}
