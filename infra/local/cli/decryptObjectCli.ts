import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decryptObjectCommand } from "../../../core/objects/decryptObjectCommand";
import type { ObjectStore } from "../../../core/objects/ObjectStore";
import { composeServiceDeps } from "../../../functions/lib/composeServiceDeps";
import type { CliIo } from "./CliIo";
import type { CliTarget } from "./cliTarget";
import type { GlobalOptions } from "./globalOptions";

/** The development account of a local state directory (the account `npm start` acts for), if known. */
function developmentAccount(dir: string): string | undefined {
  try {
    const { accountId } = JSON.parse(readFileSync(join(dir, "dev-access-key.json"), "utf8")) as {
      accountId?: unknown;
    };
    return typeof accountId === "string" ? accountId : undefined;
  } catch {
    return undefined;
  }
}

/** The encrypted bucket over S3 with the default AWS credentials, created only when the command reads a bucket. */
async function s3Objects(region: string | undefined): Promise<ObjectStore> {
  const [{ S3Client }, { S3ObjectStore }] = await Promise.all([
    import("@aws-sdk/client-s3"),
    import("../../../core/objects/S3ObjectStore"),
  ]);
  return new S3ObjectStore({ client: new S3Client(region ? { region } : {}) });
}

/**
 * `decrypt-object`: core/objects/decryptObjectCommand.ts over the target's keys (SOFTWARE service keys; the CLI
 * does not open the HSM) and, unless `--in` is given, the encrypted bucket in S3 (`--bucket`, else
 * KEYWARD_ENCRYPTED_BUCKET). The account defaults to the local development account. Returns the exit status.
 * @throws what decryptObjectCommand throws.
 */
export async function decryptObjectCli(
  args: readonly string[],
  options: GlobalOptions,
  target: () => Promise<CliTarget>,
  io: CliIo,
): Promise<number> {
  const opened = await target();
  const deps = composeServiceDeps({
    client: opened.client,
    tableName: opened.tableName,
    region: opened.region,
    keyring: opened.keyring(),
    materialCacheEntries: 16,
    keyCacheTtlMs: 5_000,
    hsmUnavailableReason: "the CLI does not open the HSM; decrypt HSM-protected objects through the service.",
  });
  const readsBucket = !args.includes("--in") && !args.some((arg) => arg.startsWith("--in="));
  const defaultAccountId = options.table === undefined ? developmentAccount(options.dir) : undefined;
  const result = await decryptObjectCommand(args, {
    deps,
    stdout: io.stdout,
    ...(readsBucket ? { objects: await s3Objects(options.region) } : {}),
    ...(io.env.KEYWARD_ENCRYPTED_BUCKET ? { defaultBucket: io.env.KEYWARD_ENCRYPTED_BUCKET } : {}),
    ...(defaultAccountId ? { defaultAccountId } : {}),
  });
  if (result.out !== "-") io.err(`Decrypted ${result.bytes} bytes to ${result.out}.`);
  return 0;
}
