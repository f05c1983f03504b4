import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * HMAC of `data` (UTF-8) keyed with the AccessKeySecret followed by `keySuffix` (`"&"` for RPC v1, reference 6a;
 * nothing for ACS3, reference 6b). A key that needs assembling (a suffix, or a string secret) is assembled in a
 * buffer of our own that is zeroed before returning; secret bytes with no suffix go to node:crypto as they are
 * (it copies them into the HMAC context). The caller's secret is neither modified nor kept.
 */
export function hmacWithSecret(
  algorithm: "sha1" | "sha256",
  secret: Uint8Array | string,
  keySuffix: string,
  data: string,
): Buffer {
  // Nothing to assemble: node copies the key into the HMAC context and keeps no reference to the caller's bytes.
  if (keySuffix === "" && typeof secret !== "string")
    return createHmac(algorithm, secret).update(data, "utf8").digest();
  const secretLength = typeof secret === "string" ? Buffer.byteLength(secret, "utf8") : secret.byteLength;
  const key = Buffer.alloc(secretLength + Buffer.byteLength(keySuffix, "utf8"));
  try {
    if (typeof secret === "string") key.write(secret, 0, "utf8");
    else key.set(secret, 0);
    key.write(keySuffix, secretLength, "utf8");
    return createHmac(algorithm, key).update(data, "utf8").digest();
  } finally {
    key.fill(0);
  }
}

/**
 * Compares a computed signature with a received one without a data-dependent early exit
 * (`crypto.timingSafeEqual` on equal-length buffers). Lengths are public: a length mismatch returns false at once.
 */
export function constantTimeEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(received, "utf8");
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
