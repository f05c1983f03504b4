import { InvalidParameterError } from "../errors";

const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * The account that owns an inbox object: the first segment of its key, `<accountId>/<name>`
 * (docs/object-format.md, "Owner"). The inbox bucket's policy lets each tenant write only under its own prefix,
 * so the prefix is the owner; Keyward trusts it and encrypts under that account's service key.
 * @throws InvalidParameterError (`ObjectKey`) when the key has no account prefix or no name after it.
 */
export function inboxObjectOwner(objectKey: string): string {
  const slash = objectKey.indexOf("/");
  const accountId = slash < 0 ? "" : objectKey.slice(0, slash);
  /* Precondition: an inbox key starts with an account id and a slash. */
  if (!ACCOUNT_ID.test(accountId)) {
    throw new InvalidParameterError(
      "ObjectKey",
      "Inbox objects must be named <accountId>/<name>; the account id is 1-128 of A-Z a-z 0-9 . _ -.",
    );
  }
  /* Precondition: an inbox key names an object after the account prefix. */
  if (slash === objectKey.length - 1) {
    throw new InvalidParameterError("ObjectKey", "Inbox objects must be named <accountId>/<name>.");
  }
  return accountId;
}

/** Whether a key is a "folder" placeholder (ends with `/`), which the consoles create and nothing encrypts. */
export function isFolderMarker(objectKey: string): boolean {
  return objectKey.endsWith("/");
}
