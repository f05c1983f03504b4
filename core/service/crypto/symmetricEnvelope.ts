import {
  assembleCiphertextBlob,
  blobAssociatedData,
  decodeCiphertextBlob,
  encodeBlobHeader,
} from "../../crypto/ciphertextBlob";
import type { EncryptionContext } from "../../crypto/encryptionContext";
import { InvalidCiphertextError, KeyNotFoundError } from "../../errors";
import type { KeyRecord } from "../../keys/KeyRecord";
import { keySpecInfo } from "../../keys/keySpecs";
import type { Caller, ServiceDeps } from "../ServiceDeps";
import { assertSymmetricUsable, readKeyForUse, versionHandle } from "./keyForUse";

/** A plaintext sealed under a key's primary version. */
export interface Sealed {
  readonly ciphertextBlob: Uint8Array;
  readonly keyId: string;
  readonly keyVersionId: string;
}

/**
 * Encrypts bytes with the primary version of a usable symmetric key into a v1 ciphertext blob, binding the
 * EncryptionContext as associated data (DESIGN section 4). The caller checked the key with assertSymmetricUsable.
 */
export async function sealWithPrimaryVersion(
  deps: ServiceDeps,
  key: KeyRecord,
  plaintext: Uint8Array,
  context: EncryptionContext | undefined,
): Promise<Sealed> {
  const version = key.versions.find((v) => v.versionId === key.primaryKeyVersion);
  if (!version) throw new KeyNotFoundError();
  const suite = keySpecInfo(key.keySpec).symmetric?.suite ?? "AES_GCM";
  const header = encodeBlobHeader({ suite, keyId: key.keyId, versionId: version.versionId });
  const sealed = await deps
    .crypto(key.protectionLevel)
    .encrypt(versionHandle(key, version), plaintext, blobAssociatedData(header, context));
  const ciphertextBlob = assembleCiphertextBlob(header, sealed);
  return { ciphertextBlob, keyId: key.keyId, keyVersionId: version.versionId };
}

/** A blob opened: its plaintext and the key version that opened it. */
export interface Opened {
  readonly plaintext: Uint8Array;
  readonly key: KeyRecord;
  readonly keyVersionId: string;
}

/**
 * Reads the key and version named in a blob's header (one lookup, never a search: DESIGN section 4) in the
 * caller's account and opens the blob with the given EncryptionContext. `beforeOpen` runs once the key is known and
 * checked, before any decryption (DryRun stops there).
 * @throws InvalidCiphertextError for a malformed, tampered or wrong-context blob or one naming an unknown version
 * or another suite; KeyNotFoundError when the key is not the caller's; KeyStateRejectedError unless Enabled.
 */
export async function openBlob(
  deps: ServiceDeps,
  caller: Caller,
  blob: Uint8Array,
  context: EncryptionContext | undefined,
  beforeOpen: (key: KeyRecord) => void = () => undefined,
): Promise<Opened> {
  const decoded = decodeCiphertextBlob(blob);
  const key = await readKeyForUse(deps, caller.accountId, decoded.keyId);
  assertSymmetricUsable(key);
  const version = key.versions.find((v) => v.versionId === decoded.versionId);
  /* Precondition: the blob names a version of this key and this key's suite. */
  if (!version || keySpecInfo(key.keySpec).symmetric?.suite !== decoded.suite)
    throw new InvalidCiphertextError();
  beforeOpen(key);
  const plaintext = await deps
    .crypto(key.protectionLevel)
    .decrypt(versionHandle(key, version), decoded, blobAssociatedData(decoded.header, context));
  return { plaintext, key, keyVersionId: version.versionId };
}
