import { InternalCryptoError } from "../../errors";
import { copyBytes, wipe } from "../bytes";
import { isRootKeyId, ROOT_KEY_BYTES, RootKeyring } from "./RootKeyring";

/** Base64 (standard alphabet, padded) of exactly 32 bytes: 43 characters and one "=". */
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

function fail(reason: string): never {
  throw new InternalCryptoError(`root keyring: ${reason}`);
}

function decodeKey(id: string, text: unknown): Uint8Array {
  /* Precondition: each root key id is well-formed. */
  if (!isRootKeyId(id)) fail(`malformed root key id ${JSON.stringify(id)}`);
  /* Precondition: each root key is the canonical base64 of 32 bytes. */
  if (typeof text !== "string" || !BASE64_32_BYTES.test(text)) {
    fail(`root key "${id}" is not the base64 of ${ROOT_KEY_BYTES} bytes`);
  }
  const buffer = Buffer.from(text, "base64");
  try {
    return copyBytes(buffer);
  } finally {
    wipe(buffer);
  }
}

/**
 * Reads a root keyring from its JSON text (DESIGN section 7; the SST secret in the cloud, a 0600 file locally):
 *
 * ```json
 * {"primary": "2024-01", "keys": {"2024-01": "<base64 of 32 bytes>", "2023-01": "<base64 of 32 bytes>"}}
 * ```
 *
 * Ids are 1-64 characters of `A-Z a-z 0-9 . _ -` starting with a letter or digit; keys are standard padded base64
 * of exactly 32 bytes. Unknown fields are refused, so a misspelt field cannot pass unnoticed.
 * @throws InternalCryptoError whose `reason` says what is wrong (never quoting a key): not JSON, not an object,
 *   `primary` missing, `keys` missing or empty, a malformed id or key, an unknown field, or a primary that is not
 *   among the keys.
 */
export function parseRootKeyring(text: string): RootKeyring {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message may quote the text, which holds the keys: it is not kept as the cause.
    fail("the text is not valid JSON");
  }
  /* Precondition: the keyring is a JSON object. */
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    fail("the text is not a JSON object");
  const { primary, keys, ...rest } = parsed as Record<string, unknown>;
  /* Precondition: the keyring has no unknown field. */
  const unknown = Object.keys(rest);
  if (unknown.length > 0) fail(`unknown field(s) ${unknown.map((f) => JSON.stringify(f)).join(", ")}`);
  /* Precondition: the keyring names its primary key. */
  if (typeof primary !== "string" || primary === "") fail('"primary" must be a non-empty string');
  /* Precondition: the keyring holds at least one key. */
  if (typeof keys !== "object" || keys === null || Array.isArray(keys) || Object.keys(keys).length === 0) {
    fail('"keys" must be an object with at least one key');
  }
  const decoded: Record<string, Uint8Array> = {};
  try {
    for (const [id, value] of Object.entries(keys as Record<string, unknown>))
      decoded[id] = decodeKey(id, value);
    return RootKeyring.fromKeys(primary, decoded);
  } finally {
    for (const key of Object.values(decoded)) wipe(key);
  }
}
