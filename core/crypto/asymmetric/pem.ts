import type { KmsError } from "../../errors";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Wraps DER bytes in a PEM block (RFC 7468): base64 in lines of 64 characters, trailing newline. */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/**
 * Reads DER bytes from a PEM block with the given label (RFC 7468, strict form) or from bare base64 of the DER.
 * @throws the `fail` error for any other label, text around the block, or base64 that is not canonical.
 */
export function fromPemOrBase64(text: string, label: string, fail: () => KmsError): Uint8Array {
  let body = text.trim();
  if (body.startsWith("-----")) {
    const begin = `-----BEGIN ${label}-----`;
    const end = `-----END ${label}-----`;
    /* Precondition: a PEM text is exactly one block with the expected label. */
    if (!body.startsWith(begin) || !body.endsWith(end)) throw fail();
    body = body.slice(begin.length, body.length - end.length);
  }
  const base64 = body.replace(/[\r\n\t ]/g, "");
  /* Precondition: the body is canonical base64 (Buffer.from would silently skip bad characters). */
  if (base64.length === 0 || base64.length % 4 !== 0 || !BASE64.test(base64)) throw fail();
  const der = Buffer.from(base64, "base64");
  if (der.toString("base64") !== base64) throw fail();
  return new Uint8Array(der);
}
