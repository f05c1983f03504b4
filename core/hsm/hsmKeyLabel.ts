import { InvalidParameterError } from "../errors";
import type { KeyVersionIdentity } from "../keys/KeyRecord";

/** The kinds of HSM object one key version may own. */
export type HsmObjectRole = "secret" | "private" | "public";

const PART = /^[A-Za-z0-9._-]{1,64}$/;
const LABEL = /^kw:[A-Za-z0-9._-]{1,64}:[A-Za-z0-9._-]{1,64}:[A-Za-z0-9._-]{1,64}$/;

/**
 * The label of a key version's material in the HSM (DESIGN sections 5 and 7): `kw:<account>:<keyId>:<versionId>`.
 * This is what MaterialRef `hsm` stores. A symmetric key is one secret-key object with exactly this label; an
 * asymmetric key is a private and a public object labelled `<label>:private` and `<label>:public`.
 * @throws InvalidParameterError when a part is empty, longer than 64 characters or holds other characters than
 *   letters, digits, `.`, `_` and `-` (a `:` would make labels ambiguous).
 */
export function hsmKeyLabel(identity: Pick<KeyVersionIdentity, "accountId" | "keyId" | "versionId">): string {
  const parts: [string, string][] = [
    ["AccountId", identity.accountId],
    ["KeyId", identity.keyId],
    ["KeyVersionId", identity.versionId],
  ];
  for (const [name, value] of parts) {
    /* Precondition: every part of an HSM label is a plain identifier without ':'. */
    if (!PART.test(value)) throw new InvalidParameterError(name, "It cannot name an HSM object.");
  }
  return `kw:${identity.accountId}:${identity.keyId}:${identity.versionId}`;
}

/**
 * Checks a label received from a record or a request.
 * @throws InvalidParameterError (`Label`) when it is not of the form `hsmKeyLabel` produces.
 */
export function assertHsmKeyLabel(label: string): string {
  /* Precondition: an HSM key label has the form kw:<account>:<keyId>:<versionId>. */
  if (!LABEL.test(label)) throw new InvalidParameterError("Label", "It is not a Keyward HSM key label.");
  return label;
}

/** The CKA_LABEL of one object of a key version. */
export function hsmObjectLabel(label: string, role: HsmObjectRole): string {
  return role === "secret" ? label : `${label}:${role}`;
}
