import { randomBytes } from "node:crypto";
import { type ParseArgsConfig, parseArgs } from "node:util";
import {
  type AccessKeyDeps,
  createAccessKey,
  listAccessKeys,
  setAccessKeyStatus,
} from "../../../core/service/accessKeys";
import { DynamoAccessKeyRepository } from "../../../core/store/DynamoAccessKeyRepository";
import type { CliIo } from "./CliIo";
import type { CliTarget } from "./cliTarget";
import { UsageError } from "./usage";

const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The AccessKey services over a target; the keyring is loaded only when a secret is wrapped (create). */
function accessKeyDeps(target: CliTarget): AccessKeyDeps {
  return {
    accessKeys: new DynamoAccessKeyRepository({ client: target.client, tableName: target.tableName }),
    clock: () => new Date(),
    randomBytes: (length) => new Uint8Array(randomBytes(length)),
    get keyring() {
      return target.keyring();
    },
  };
}

function parse(
  args: readonly string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  positionals: number,
) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  /* Precondition: the subcommand has its number of positional arguments. */
  if (parsed.positionals.length !== positionals) {
    throw new UsageError(`expected ${positionals} argument(s), got ${parsed.positionals.length}.`);
  }
  return parsed;
}

function account(value: unknown): string {
  /* Precondition: --account is given and names an account (letters, digits, _ and -, at most 64). */
  if (typeof value !== "string" || !ACCOUNT_ID.test(value)) {
    throw new UsageError("--account <id> is required: the account id (letters, digits, _ or -, at most 64).");
  }
  return value;
}

/**
 * `access-key create|list|disable|enable`: manages AccessKeys (core/service/accessKeys.ts) in the target's table.
 * Returns the exit status.
 * @throws UsageError for a bad command line; the services' KmsErrors (AccessKeyNotFoundError, ...).
 */
export async function accessKeyCommand(args: readonly string[], target: () => Promise<CliTarget>, io: CliIo) {
  const [subcommand, ...rest] = args;
  switch (subcommand) {
    case "create": {
      const { values } = parse(
        rest,
        { account: { type: "string" }, description: { type: "string" }, json: { type: "boolean" } },
        0,
      );
      const accountId = account(values.account);
      const deps = accessKeyDeps(await target());
      const created = await createAccessKey(deps, {
        accountId,
        ...(typeof values.description === "string" ? { description: values.description } : {}),
      });
      if (values.json) {
        io.out(JSON.stringify({ ...created.record, secret: created.secret }));
      } else {
        io.out(`AccessKeyId      ${created.accessKeyId}`);
        io.out(`AccessKeySecret  ${created.secret}`);
        io.out(`Account          ${accountId}`);
        io.out("The secret is shown only now: keep it safe. It cannot be read again.");
      }
      return 0;
    }
    case "list": {
      const { values } = parse(rest, { account: { type: "string" }, json: { type: "boolean" } }, 0);
      const accountId = account(values.account);
      const keys = await listAccessKeys(accessKeyDeps(await target()), accountId);
      if (values.json) {
        io.out(JSON.stringify(keys));
      } else if (keys.length === 0) {
        io.out(`No AccessKeys for account ${accountId}.`);
      } else {
        const rows = keys.map((key) => [
          key.accessKeyId,
          key.status,
          key.creationDate,
          key.description ?? "",
        ]);
        for (const row of [["AccessKeyId", "Status", "Created", "Description"], ...rows])
          io.out(columns(row));
      }
      return 0;
    }
    case "disable":
    case "enable": {
      const { positionals } = parse(rest, {}, 1);
      const accessKeyId = positionals[0] as string;
      const status = subcommand === "disable" ? "Disabled" : "Enabled";
      await setAccessKeyStatus(accessKeyDeps(await target()), accessKeyId, status);
      io.out(`AccessKey ${accessKeyId} is ${status}.`);
      return 0;
    }
    default:
      throw new UsageError(
        subcommand === undefined
          ? "access-key needs a subcommand."
          : `unknown access-key subcommand "${subcommand}".`,
      );
  }
}

function columns(row: readonly string[]): string {
  const widths = [26, 9, 21];
  return row
    .map((cell, index) => cell.padEnd(widths[index] ?? 0))
    .join(" ")
    .trimEnd();
}
