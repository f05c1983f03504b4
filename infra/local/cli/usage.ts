import { DECRYPT_OBJECT_USAGE } from "../../../core/objects/decryptObjectCommand";

/** The CLI's usage text (`npm run keyward -- help`). */
export const USAGE = `Keyward command line: npm run keyward -- <command> [options]

Commands:
  access-key create --account <id> [--description <text>] [--json]
      Creates an AccessKey for an account and prints its id and secret. The secret is shown only this once.
  access-key list --account <id> [--json]
      Lists an account's AccessKeys (id, status, creation date, description; never a secret).
  access-key disable <AccessKeyId>
  access-key enable <AccessKeyId>
      Disables or re-enables an AccessKey. A running service refuses a disabled AccessKey
      (Forbidden.AccessKey) within 5 seconds.
  call <Action> [Name=Value ...] [--url <url>] [--access-key-id <id> --access-key-secret <secret>]
      Sends an RPC v1-signed request to the running local service and prints its JSON answer. Signs with
      the development AccessKey (<dir>/dev-access-key.json, or KEYWARD_ACCESS_KEY_ID and
      KEYWARD_ACCESS_KEY_SECRET) unless both flags are given. Example:
        npm run keyward -- call Encrypt KeyId=alias/app Plaintext=hello 'EncryptionContext={"app":"demo"}'
  decrypt-object [--account <id>] (--key <key> [--bucket <bucket>] | --in <file> [--key <key>]) [--out <file>|-]
      Decrypts an object written by the event-triggered encryption (see below).
  root-keys status
      Counts the SOFTWARE key versions and AccessKey secrets wrapped under each root key.
  root-keys rewrap
      Wraps everything still under a non-primary root key anew under the primary (the old keys must still be in
      the keyring), so the old keys can then leave it. Safe while the service runs, and safe to repeat.
  help
      Shows this text.

Where access-key, root-keys and decrypt-object act:
  (default)                       the local store under --dir: through the running \`npm start\` when
                                  <dir>/endpoint.json names a live process, otherwise the files themselves
                                  (<dir>/store, root keys from <dir>/root-keys.json)
  --table <name> [--region <r>]   a deployed table, with the default AWS credentials; the root keys come
                                  from KEYWARD_ROOT_KEYS (needed by access-key create, root-keys and decrypt-object)
  --dir <path>                    the local state directory (default: $KEYWARD_DIR, else .keyward)

Exit status: 0 success; 1 the operation failed or the service answered an error; 2 bad usage.

decrypt-object in detail:
${DECRYPT_OBJECT_USAGE}`;

/** A command line the CLI does not accept: the CLI prints the message and the usage, and exits with status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A command that could not do its work for a reason other than a KmsError: exit status 1, message only. */
export class CliFailure extends Error {
  override readonly name = "CliFailure";
}
