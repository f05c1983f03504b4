import { KeyNotFoundError } from "../errors";

/** How a caller named a key: by id, by alias, or by ARN (DESIGN section 3, Identifiers). */
export type KeyReference =
  | { readonly kind: "id"; readonly keyId: string }
  | { readonly kind: "alias"; readonly aliasName: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ARN = /^acs:kms:([^:]*):([^:]*):(key|alias)\/(.+)$/;

/** Whether a string is a lower-case UUID, the form of every KeyId and KeyVersionId Keyward issues. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The ARN of a key: `acs:kms:<region>:<account>:key/<keyId>`. */
export function keyArn(region: string, accountId: string, keyId: string): string {
  return `acs:kms:${region}:${accountId}:key/${keyId}`;
}

/** The ARN of an alias: `acs:kms:<region>:<account>:alias/<name without the prefix>`. */
export function aliasArn(region: string, accountId: string, aliasName: string): string {
  return `acs:kms:${region}:${accountId}:${aliasName}`;
}

/**
 * Parses a KeyId parameter (a key id, `alias/<name>`, or a key or alias ARN) for the calling account.
 * An ARN of another account or region names nothing the caller can see, so it is Forbidden.KeyNotFound, exactly
 * like a key that never existed (tenancy, DESIGN section 3); so is anything that is not a well-formed reference.
 * @throws KeyNotFoundError
 */
export function parseKeyReference(value: string, accountId: string, region: string): KeyReference {
  if (value.startsWith("alias/")) return { kind: "alias", aliasName: value };
  const arn = ARN.exec(value);
  if (arn) {
    const [, arnRegion, arnAccount, type, name] = arn;
    /* Precondition: an ARN names the caller's own account and this region. */
    if (arnAccount !== accountId || arnRegion !== region) throw new KeyNotFoundError();
    if (type === "alias") return { kind: "alias", aliasName: `alias/${name}` };
    return parseKeyReference(name ?? "", accountId, region);
  }
  /* Precondition: a bare reference is a key id (a UUID). */
  if (!isUuid(value)) throw new KeyNotFoundError();
  return { kind: "id", keyId: value };
}
