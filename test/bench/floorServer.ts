import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { checkTimestamp, InMemoryNonceCache, readAcs3Request } from "../../core/auth";
import { decodeUrlEncoded } from "../../functions/lib/urlEncoded";
import { BENCH_ACCESS_KEY } from "./benchAccount";

/** Bytes a Keyward ciphertext blob carries besides the sealed text (header, key and version ids, nonce, tag). */
const BLOB_OVERHEAD_BYTES = 64;

/** What the floor server answers to one request. */
export interface FloorAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * The floor of the HTTP benchmark: the work any correct answer to a signed Encrypt must do, written straight
 * through with none of Keyward's layers (no API Gateway event, middy, Powertools, parameter merging, validation,
 * key lookup or blob format). Per request: decode the query (Keyward's decoder), check the ACS3 signature
 * (Keyward's readAcs3Request: Authorization, canonical request, SHA-256, HMAC), the timestamp and the nonce,
 * seal the Plaintext's bytes with AES-256-GCM under a key held in memory, answer JSON of Keyward's size,
 * and write one JSON log line to stdout. Between the ceiling (the primitive only) and Keyward, it shows how much of
 * the ceiling a Node service that checks signatures can reach on this machine, and so how much of Keyward's
 * distance from the ceiling its layers account for.
 */
export function createFloorEncrypt(): (request: IncomingMessage) => Promise<FloorAnswer> {
  const key = randomBytes(32);
  const nonces = new InMemoryNonceCache({ clock: () => new Date() });
  const keyVersionId = randomUUID();
  return async (request) => {
    const target = request.url ?? "/";
    const mark = target.indexOf("?");
    const query = decodeUrlEncoded(mark < 0 ? "" : target.slice(mark + 1), "query string");
    const headers: Record<string, string> = Object.create(null);
    const raw = request.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2)
      headers[(raw[i] as string).toLowerCase()] = raw[i + 1] as string;
    const signed = readAcs3Request({
      method: "POST",
      path: mark < 0 ? target : target.slice(0, mark),
      query,
      form: {},
      headers,
      body: new Uint8Array(0),
    });
    const issuedAt = checkTimestamp(signed.timestamp, new Date(), 900);
    if (signed.accessKeyId !== BENCH_ACCESS_KEY.accessKeyId || !signed.matches(BENCH_ACCESS_KEY.secret)) {
      return { status: 403, body: '{"Code":"SignatureDoesNotMatch"}' };
    }
    await nonces.claim(signed.accessKeyId, signed.nonce, issuedAt + 901);
    // As Encrypt does: the Plaintext parameter's UTF-8 bytes are the plaintext.
    const plaintext = Buffer.from(query.Plaintext?.[0] ?? "", "utf8");
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const blob = Buffer.concat([
      Buffer.alloc(BLOB_OVERHEAD_BYTES - 28),
      iv,
      cipher.update(plaintext),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    const requestId = randomUUID();
    const keyId = query.KeyId?.[0] ?? "";
    process.stdout.write(
      `${JSON.stringify({ level: "INFO", message: "audit", timestamp: new Date().toISOString(), action: "Encrypt", requestId, keyId, keyVersionId, result: "Success" })}\n`,
    );
    return {
      status: 200,
      body: JSON.stringify({
        RequestId: requestId,
        KeyId: keyId,
        CiphertextBlob: blob.toString("base64"),
        KeyVersionId: keyVersionId,
      }),
    };
  };
}
