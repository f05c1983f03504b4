import { InternalCryptoError } from "../errors";
import type { KeyVersionIdentity } from "../keys/KeyRecord";
import { aesGcmOpen, aesGcmSeal, GCM_NONCE_BYTES, GCM_TAG_BYTES } from "./aesGcm";
import {
  concatBytes,
  isWellFormedText,
  type RandomBytes,
  systemRandomBytes,
  u32be,
  utf8,
  wipe,
} from "./bytes";
import type { RootKeyring } from "./keyring/RootKeyring";

export { parseRootKeyring } from "./keyring/parseRootKeyring";
export { isRootKeyId, ROOT_KEY_BYTES, RootKeyring } from "./keyring/RootKeyring";

/** The purpose tag of key material (see {@link wrapMaterial}); other secrets use other purposes. */
export const KEY_MATERIAL_PURPOSE = "key-material";

/** The format byte of a wrapped secret, so that the layout can change later without ambiguity. */
const WRAP_FORMAT = 1;
/** The first string of every wrapping AAD: separates it from every other use of a root key. */
const WRAP_DOMAIN = "keyward/root-key-wrap/v1";

/** A secret wrapped under a root key: which key, and `0x01 ‖ nonce (12) ‖ ciphertext ‖ tag (16)`. */
export interface WrappedSecret {
  readonly rootKeyId: string;
  readonly wrapped: Uint8Array;
}

/**
 * The associated data of a wrapping, an injective encoding of (domain, root key id, purpose, ...context):
 * `u32 count ‖ (u32 len ‖ UTF-8 string)*`, big-endian. Purpose and context are thus bound to the ciphertext, and a
 * wrapped secret cannot be replayed for another purpose or another identity.
 */
function wrappingAad(rootKeyId: string, purpose: string, context: readonly string[]): Uint8Array {
  /* Precondition: the wrapping purpose is a non-empty string. */
  if (typeof purpose !== "string" || purpose === "")
    throw new InternalCryptoError("wrapping purpose is empty");
  const strings = [WRAP_DOMAIN, rootKeyId, purpose, ...context];
  const parts: Uint8Array[] = [u32be(strings.length)];
  for (const text of strings) {
    /* Precondition: every wrapping context string is well-formed Unicode. */
    if (typeof text !== "string" || !isWellFormedText(text)) {
      throw new InternalCryptoError("a wrapping context element is not well-formed text");
    }
    const bytes = utf8(text);
    parts.push(u32be(bytes.length), bytes);
  }
  return concatBytes(...parts);
}

/**
 * Wraps a secret under the keyring's primary root key with AES-256-GCM (DESIGN section 7), binding it to a purpose
 * (for example {@link KEY_MATERIAL_PURPOSE}, or an AccessKey-secret purpose) and a context (the owner's ids).
 * Unwrapping needs the same purpose and context.
 * @param randomBytes the nonce source; node:crypto's CSPRNG unless a source is injected.
 * @throws InternalCryptoError when the purpose is empty or a context element is not well-formed text.
 */
export function wrapSecret(
  keyring: RootKeyring,
  purpose: string,
  context: readonly string[],
  secret: Uint8Array,
  randomBytes: RandomBytes = systemRandomBytes,
): WrappedSecret {
  const rootKeyId = keyring.primaryId;
  const aad = wrappingAad(rootKeyId, purpose, context);
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const { ciphertext, tag } = aesGcmSeal(keyring.key(rootKeyId), nonce, secret, aad);
  return { rootKeyId, wrapped: concatBytes(Uint8Array.of(WRAP_FORMAT), nonce, ciphertext, tag) };
}

/**
 * Unwraps a secret made by {@link wrapSecret}, with any root key of the keyring (so keys rotated out of primary
 * still serve). The caller owns the result and wipes it.
 * @throws InternalCryptoError when the root key is not in the keyring, the wrapped bytes are malformed, or they do
 *   not authenticate under that key with this purpose and context (tampered, or bound to something else).
 */
export function unwrapSecret(
  keyring: RootKeyring,
  purpose: string,
  context: readonly string[],
  ref: WrappedSecret,
): Uint8Array {
  const key = keyring.key(ref.rootKeyId);
  const aad = wrappingAad(ref.rootKeyId, purpose, context);
  const { wrapped } = ref;
  /* Precondition: the wrapped secret has the known format byte and room for nonce and tag. */
  if (
    !(wrapped instanceof Uint8Array) ||
    wrapped.length < 1 + GCM_NONCE_BYTES + GCM_TAG_BYTES ||
    wrapped[0] !== WRAP_FORMAT
  ) {
    throw new InternalCryptoError(`a secret wrapped under root key "${ref.rootKeyId}" is malformed`);
  }
  const nonce = wrapped.subarray(1, 1 + GCM_NONCE_BYTES);
  const ciphertext = wrapped.subarray(1 + GCM_NONCE_BYTES, wrapped.length - GCM_TAG_BYTES);
  const tag = wrapped.subarray(wrapped.length - GCM_TAG_BYTES);
  try {
    return aesGcmOpen(key, nonce, ciphertext, tag, aad);
  } catch (error) {
    throw new InternalCryptoError(
      `a secret wrapped under root key "${ref.rootKeyId}" does not unwrap for purpose "${purpose}" and its context`,
      { cause: error },
    );
  }
}

function materialContext(identity: KeyVersionIdentity): string[] {
  return [identity.accountId, identity.keyId, identity.versionId, identity.keySpec];
}

/**
 * Wraps the material of a key version (DESIGN sections 5 and 7): AES-256-GCM under the primary root key, associated
 * data binding the purpose {@link KEY_MATERIAL_PURPOSE} and (account id, key id, version id, KeySpec).
 * @throws InternalCryptoError as {@link wrapSecret}.
 */
export function wrapMaterial(
  keyring: RootKeyring,
  identity: KeyVersionIdentity,
  material: Uint8Array,
  randomBytes: RandomBytes = systemRandomBytes,
): WrappedSecret {
  return wrapSecret(keyring, KEY_MATERIAL_PURPOSE, materialContext(identity), material, randomBytes);
}

/**
 * Unwraps the material of a key version. Material of another account, key, version or KeySpec does not unwrap.
 * The caller owns the result and wipes it.
 * @throws InternalCryptoError as {@link unwrapSecret}.
 */
export function unwrapMaterial(
  keyring: RootKeyring,
  identity: KeyVersionIdentity,
  ref: WrappedSecret,
): Uint8Array {
  return unwrapSecret(keyring, KEY_MATERIAL_PURPOSE, materialContext(identity), ref);
}

/**
 * The same secret wrapped under the keyring's primary root key (root-key rotation: DESIGN section 7), or `ref` itself
 * when it already is. The unwrapped secret exists only inside this call and is wiped before it returns.
 * @throws InternalCryptoError as {@link unwrapSecret} (the old root key must still be in the keyring).
 */
export function rewrapSecret(
  keyring: RootKeyring,
  purpose: string,
  context: readonly string[],
  ref: WrappedSecret,
  randomBytes: RandomBytes = systemRandomBytes,
): WrappedSecret {
  if (ref.rootKeyId === keyring.primaryId) return ref;
  const secret = unwrapSecret(keyring, purpose, context, ref);
  try {
    return wrapSecret(keyring, purpose, context, secret, randomBytes);
  } finally {
    wipe(secret);
  }
}

/** {@link rewrapSecret} for the material of a key version. */
export function rewrapMaterial(
  keyring: RootKeyring,
  identity: KeyVersionIdentity,
  ref: WrappedSecret,
  randomBytes: RandomBytes = systemRandomBytes,
): WrappedSecret {
  return rewrapSecret(keyring, KEY_MATERIAL_PURPOSE, materialContext(identity), ref, randomBytes);
}
