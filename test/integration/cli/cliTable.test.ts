/**
 * The CLI against a "deployed" table (`--table`, `--region`, default AWS credentials, KEYWARD_ROOT_KEYS), as a
 * child process. The table lives in a dynalite server that stands in for DynamoDB: the AWS SDK of the child is
 * pointed at it with AWS_ENDPOINT_URL_DYNAMODB, its standard per-service endpoint setting, so the CLI runs its
 * cloud path unchanged.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RootKeyring } from "../../../core/crypto/rootKeyring";
import { accessKeyLookup } from "../../../core/service/accessKeys";
import { DynamoAccessKeyRepository } from "../../../core/store/DynamoAccessKeyRepository";
import { type DynaliteHandle, startDynalite } from "../../support/dynalite";
import { cleanEnv, runChild } from "./cliSupport";

const ACCOUNT = "210987654321";
let dynalite: DynaliteHandle;
let keyring: RootKeyring;
let env: Record<string, string>;

beforeAll(async () => {
  dynalite = await startDynalite();
  keyring = RootKeyring.generate("stage-root-1", (n) => new Uint8Array(randomBytes(n)));
  env = cleanEnv({
    AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    // No region nor credentials from the machine's AWS files.
    AWS_CONFIG_FILE: "/nonexistent/aws-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
  });
});
afterAll(async () => {
  await dynalite?.stop();
  keyring?.destroy();
});

const onTable = (...args: string[]) => [...args, "--table", dynalite.tableName, "--region", "eu-central-1"];

describe("keyward access-key --table", () => {
  it("creates an AccessKey whose secret is wrapped under KEYWARD_ROOT_KEYS, lists and disables it", async () => {
    const created = await runChild(onTable("access-key", "create", "--account", ACCOUNT, "--json"), {
      ...env,
      KEYWARD_ROOT_KEYS: keyring.serialize(),
    });
    expect(created.code, created.stderr).toBe(0);
    const { accessKeyId, secret } = JSON.parse(created.stdout);

    const repository = new DynamoAccessKeyRepository({
      client: dynalite.client,
      tableName: dynalite.tableName,
    });
    const lookup = accessKeyLookup({ accessKeys: repository, keyring, clock: () => new Date() }, 0);
    const stored = await lookup(accessKeyId);
    expect(stored).toMatchObject({ accountId: ACCOUNT, enabled: true });
    expect(Buffer.from(stored?.secret ?? []).toString("utf8")).toBe(secret);

    // Listing and disabling need no root keys.
    const listed = await runChild(onTable("access-key", "list", "--account", ACCOUNT, "--json"), env);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ accessKeyId, status: "Enabled" })]);
    expect((await runChild(onTable("access-key", "disable", accessKeyId), env)).code).toBe(0);
    expect((await lookup(accessKeyId))?.enabled).toBe(false);
  });

  it("refuses to create without KEYWARD_ROOT_KEYS", async () => {
    const noRoots = await runChild(onTable("access-key", "create", "--account", ACCOUNT), env);
    expect(noRoots.code).toBe(1);
    expect(noRoots.stderr).toContain("KEYWARD_ROOT_KEYS is required with --table");
  });

  it("Precondition: a deployed table has a region (--region, or the AWS SDK's configuration)", async () => {
    const noRegion = await runChild(
      ["access-key", "list", "--account", ACCOUNT, "--table", dynalite.tableName],
      env,
    );
    expect(noRegion.code).toBe(1);
    expect(noRegion.stderr).toContain("No AWS region for the table: give --region <r> or set AWS_REGION.");
  });
});
