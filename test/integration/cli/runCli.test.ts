/**
 * The CLI in this process (runCli): its usage, exit statuses and messages, and the AccessKey commands against the
 * persisted local store of a temp directory when no service runs there.
 */
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callParameters } from "../../../infra/local/cli/callCommand";
import { extractGlobalOptions } from "../../../infra/local/cli/globalOptions";
import { UsageError } from "../../../infra/local/cli/usage";
import {
  processAlive,
  readLocalEndpoint,
  removeLocalEndpoint,
  runningLocalEndpoint,
  writeLocalEndpoint,
} from "../../../infra/local/localEndpoint";
import { runInProcess } from "./cliSupport";

const ACCOUNT = "3333444455556666";
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "keyward-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectUsageError(args: readonly string[], message: string): Promise<void> {
  const run = await runInProcess([...args, ...(args.includes("--dir") ? [] : ["--dir", dir])]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(message);
  expect(run.stderr).toContain("Keyward command line: npm run keyward -- <command> [options]");
  expect(run.stdout).toBe("");
}

describe("usage", () => {
  it.each([["help"], ["--help"], ["access-key", "-h"]])(
    "%s prints the usage and exits 0",
    async (...args) => {
      const run = await runInProcess(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("access-key create --account <id>");
      expect(run.stdout).toContain("call <Action> [Name=Value ...]");
    },
  );

  it.each([
    ["a command is given", [], "no command given"],
    ["the command is known", ["frobnicate"], 'unknown command "frobnicate"'],
    ["access-key has a subcommand", ["access-key"], "access-key needs a subcommand"],
    [
      "the access-key subcommand is known",
      ["access-key", "rotate"],
      'unknown access-key subcommand "rotate"',
    ],
    ["options are the command's", ["access-key", "list", "--acount", ACCOUNT], "--acount"],
    ["options are the command's (call)", ["call", "Encrypt", "--bogus"], "--bogus"],
  ])("%s: otherwise exit 2, the message and the usage on stderr", async (_title, args, message) => {
    await expectUsageError(args, message);
  });

  it.each([
    [
      "a global option has a value",
      ["access-key", "list", "--account", ACCOUNT, "--dir"],
      "--dir needs a value",
    ],
    [
      "a global option is given once",
      ["access-key", "list", "--table", "a", "--table", "b"],
      "--table is given twice",
    ],
    [
      "--region goes with --table (the local store has no region)",
      ["access-key", "list", "--account", ACCOUNT, "--region", "eu-west-1"],
      "--region goes with --table",
    ],
    [
      "the subcommand has its number of positional arguments",
      ["access-key", "disable"],
      "expected 1 argument",
    ],
    [
      "--account is given and names an account (letters, digits, _ and -, at most 64)",
      ["access-key", "create", "--account", "12:34"],
      "--account <id> is required",
    ],
    [
      "--account is given and names an account (letters, digits, _ and -, at most 64), also for list",
      ["access-key", "list"],
      "--account <id> is required",
    ],
    ["call names an Action", ["call"], "call needs an Action"],
    [
      "each parameter is Name=Value with a non-empty name",
      ["call", "Encrypt", "=x"],
      '"=x" is not Name=Value',
    ],
    [
      "the signing parameters are the CLI's",
      ["call", "Encrypt", "Signature=abc"],
      "Signature is set by the CLI itself",
    ],
    ["a parameter is given once", ["call", "Encrypt", "KeyId=a", "KeyId=b"], "KeyId is given twice"],
    [
      "--access-key-id and --access-key-secret come together",
      ["call", "Encrypt", "--access-key-id", "KWabc"],
      "--access-key-id and --access-key-secret go together",
    ],
  ])("Precondition: %s", async (_title, args, message) => {
    await expectUsageError(args, message);
  });

  it("a decrypt-object argument error is a usage error too", async () => {
    const run = await runInProcess(["decrypt-object", "--bogus", "--dir", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("usage: keyward decrypt-object");
  });
});

describe("the endpoint file of a running service", () => {
  it("Precondition: a process id is a positive integer (0 and negatives name process groups)", async () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(0)).toBe(false);
    expect(processAlive(-1)).toBe(false);
    expect(processAlive(1.5)).toBe(false);
    const other = await mkdtemp(join(tmpdir(), "keyward-endpoint-"));
    try {
      writeLocalEndpoint(other, { url: "http://127.0.0.1:1", store: "http://127.0.0.1:2", pid: 0 });
      expect(readLocalEndpoint(other)).toEqual({
        url: "http://127.0.0.1:1",
        store: "http://127.0.0.1:2",
        pid: 0,
      });
      expect(runningLocalEndpoint(other)).toBeUndefined();
      writeLocalEndpoint(other, { url: "http://127.0.0.1:1", store: "http://127.0.0.1:2", pid: process.pid });
      expect(runningLocalEndpoint(other)?.pid).toBe(process.pid);
      removeLocalEndpoint(other, process.pid + 1);
      expect(readLocalEndpoint(other)).toBeDefined();
      removeLocalEndpoint(other, process.pid);
      expect(readLocalEndpoint(other)).toBeUndefined();
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

describe("parsing", () => {
  it("takes global options anywhere, in both forms, and defaults --dir to KEYWARD_DIR then .keyward", () => {
    const { options, rest } = extractGlobalOptions(["access-key", "--dir=/x", "list", "--table", "t"], {});
    expect(options).toMatchObject({ dir: "/x", table: "t", help: false });
    expect(rest).toEqual(["access-key", "list"]);
    expect(extractGlobalOptions([], { KEYWARD_DIR: "/from/env" }).options.dir).toBe("/from/env");
    expect(extractGlobalOptions([], {}).options.dir).toBe(join(process.cwd(), ".keyward"));
    expect(() => extractGlobalOptions(["--table", "a", "--table", "b"], {})).toThrow(UsageError);
  });

  it("keeps every = after the first in a parameter's value", () => {
    expect(callParameters(['EncryptionContext={"a":"b=c"}', "Plaintext=a=="])).toEqual({
      EncryptionContext: '{"a":"b=c"}',
      Plaintext: "a==",
    });
  });
});

describe("access-key against the local store, no service running", () => {
  it("creates, lists, disables and enables an AccessKey; the secret is printed once and never listed", async () => {
    const created = await runInProcess([
      "access-key",
      "create",
      "--account",
      ACCOUNT,
      "--description",
      "ci",
      "--json",
      "--dir",
      dir,
    ]);
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout);
    expect(key).toMatchObject({ accountId: ACCOUNT, status: "Enabled", description: "ci" });
    expect(key.accessKeyId).toMatch(/^KW[A-Za-z0-9]{22}$/);
    expect(key.secret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect((await stat(join(dir, "root-keys.json"))).mode & 0o777).toBe(0o600);

    const disabled = await runInProcess(["access-key", "disable", key.accessKeyId, "--dir", dir]);
    expect(disabled).toMatchObject({ code: 0, stdout: `AccessKey ${key.accessKeyId} is Disabled.` });
    const listed = await runInProcess(["access-key", "list", "--account", ACCOUNT, "--json", "--dir", dir]);
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        accessKeyId: key.accessKeyId,
        accountId: ACCOUNT,
        status: "Disabled",
        creationDate: key.creationDate,
        description: "ci",
      },
    ]);
    expect(listed.stdout).not.toContain(key.secret);
    expect((await runInProcess(["access-key", "enable", key.accessKeyId, "--dir", dir])).code).toBe(0);
    const table = await runInProcess(["access-key", "list", "--account", ACCOUNT, "--dir", dir]);
    expect(table.stdout.split("\n")).toEqual([
      expect.stringMatching(/^AccessKeyId\s+Status\s+Created\s+Description$/),
      expect.stringMatching(new RegExp(`^${key.accessKeyId}\\s+Enabled\\s+${key.creationDate}\\s+ci$`)),
    ]);
  });

  it("lists no AccessKeys for an account without any", async () => {
    const run = await runInProcess(["access-key", "list", "--account", "999", "--dir", dir]);
    expect(run).toMatchObject({ code: 0, stdout: "No AccessKeys for account 999." });
  });

  it("an unknown AccessKey id: exit 1 with its code", async () => {
    const run = await runInProcess(["access-key", "disable", "KWnosuchkey0000000000000", "--dir", dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("keyward: InvalidAccessKeyId.NotFound: Specified access key is not found.");
  });

  it("call without a running service, or with a stale endpoint file: exit 1 saying so", async () => {
    const run = await runInProcess(["call", "DescribeRegions", "--dir", dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`No Keyward runs in ${dir}`);
    const stale = { url: "http://127.0.0.1:9", store: "http://127.0.0.1:9", pid: 2 ** 30 };
    await writeFile(join(dir, "endpoint.json"), JSON.stringify(stale));
    expect((await runInProcess(["call", "DescribeRegions", "--dir", dir])).stderr).toContain(
      "No Keyward runs",
    );
    const listed = await runInProcess(["access-key", "list", "--account", ACCOUNT, "--dir", dir]);
    expect(listed.code).toBe(0);
    await rm(join(dir, "endpoint.json"));
  });

  it("call without an AccessKey to sign with: exit 1 saying so", async () => {
    const run = await runInProcess(["call", "DescribeRegions", "--url", "http://127.0.0.1:9", "--dir", dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("No AccessKey to sign with");
  });

  it("Precondition: a deployed table's root keys come from KEYWARD_ROOT_KEYS", async () => {
    const run = await runInProcess(
      ["access-key", "create", "--account", ACCOUNT, "--table", "keyward-nowhere", "--region", "eu-west-1"],
      {},
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("keyward: KEYWARD_ROOT_KEYS is required with --table (the stage's root keys).");
  });
});
