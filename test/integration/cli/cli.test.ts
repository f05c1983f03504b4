/**
 * The CLI as a child process, as `npm run keyward` runs it, against a temp state directory: AccessKeys created
 * and disabled in the persisted store before the service starts, then `npm start`'s stack (startLocalStack) in
 * this process on the same directory: the CLI finds it through endpoint.json, manages AccessKeys through its
 * store, and sends signed `call` requests to it.
 */
import { createWriteStream, existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptObject } from "../../../core/objects/encryptObject";
import { type LocalStack, startLocalStack } from "../../../infra/local/localStack";
import { stateDirectory } from "../../e2e/support/e2eStack";
import { signedCall } from "../../e2e/support/signedFetch";
import { type CliRun, cleanEnv, runChild, runCommand } from "./cliSupport";

const DEV_ACCOUNT = "1234567890123456";
const OTHER = "7777888899990000";
let dir: string;
let stack: LocalStack | undefined;

beforeAll(async () => {
  dir = await stateDirectory("cli");
});
afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function* chunks(text: string): AsyncIterable<Uint8Array> {
  yield new TextEncoder().encode(text);
}

const cli = (...args: string[]): Promise<CliRun> => runChild([...args, "--dir", dir]);

async function createKey(account: string): Promise<{ accessKeyId: string; secret: string }> {
  const run = await cli("access-key", "create", "--account", account, "--json");
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe("keyward CLI, child process", () => {
  let first: { accessKeyId: string; secret: string };
  let second: { accessKeyId: string; secret: string };

  it("npm run keyward -- help prints the usage", async () => {
    const run = await runCommand("npm", ["run", "--silent", "keyward", "--", "help"], cleanEnv());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("access-key create --account <id>");
  });

  it("creates, disables and lists AccessKeys in the persisted store while no service runs", async () => {
    first = await createKey(OTHER);
    second = await createKey(OTHER);
    const human = await cli("access-key", "create", "--account", OTHER, "--description", "shown once");
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^AccessKeyId {6}KW[A-Za-z0-9]{22}\nAccessKeySecret {2}[A-Za-z0-9]{30}\n/);
    expect((await cli("access-key", "disable", second.accessKeyId)).code).toBe(0);
    const listed = await cli("access-key", "list", "--account", OTHER);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${first.accessKeyId}\\s+Enabled`));
    expect(listed.stdout).toMatch(new RegExp(`${second.accessKeyId}\\s+Disabled`));
    expect(listed.stdout).toContain("shown once");
    expect(listed.stdout).not.toContain(first.secret);
  });

  it("the service started on that directory accepts the enabled AccessKey and refuses the disabled one", async () => {
    stack = await startLocalStack({ dir, port: 0, account: { accountId: DEV_ACCOUNT } });
    expect(existsSync(join(dir, "endpoint.json"))).toBe(true);
    const accepted = await signedCall(stack.url, first, "DescribeAccountKmsStatus");
    expect(accepted).toMatchObject({ status: 200, body: { AccountStatus: "Enabled" } });
    const refused = await signedCall(stack.url, second, "DescribeAccountKmsStatus");
    expect(refused).toMatchObject({ status: 403, body: { Code: "Forbidden.AccessKey" } });
  });

  it("manages AccessKeys through the running service's store", async () => {
    const live = await createKey(OTHER);
    const used = await signedCall(stack!.url, live, "CreateKey", {});
    expect(used.body.KeyMetadata.Creator).toBe(OTHER);
    const fresh = await createKey(OTHER);
    expect((await cli("access-key", "disable", fresh.accessKeyId)).code).toBe(0);
    const refused = await signedCall(stack!.url, fresh, "ListKeys");
    expect(refused.body.Code).toBe("Forbidden.AccessKey");
  });

  it("call signs with the development AccessKey and prints the JSON answer", async () => {
    const created = await cli("call", "CreateKey", "Description=made by the CLI");
    expect(created.code, created.stderr).toBe(0);
    const { KeyMetadata } = JSON.parse(created.stdout);
    expect(KeyMetadata).toMatchObject({ Creator: DEV_ACCOUNT, Description: "made by the CLI" });
    const context = 'EncryptionContext={"app":"cli=yes"}';
    const sealed = await cli(
      "call",
      "Encrypt",
      `KeyId=${KeyMetadata.KeyId}`,
      "Plaintext=héllo + wörld",
      context,
    );
    expect(sealed.code, sealed.stdout).toBe(0);
    const { CiphertextBlob } = JSON.parse(sealed.stdout);
    const opened = await cli("call", "Decrypt", `CiphertextBlob=${CiphertextBlob}`, context);
    expect(JSON.parse(opened.stdout).Plaintext).toBe("héllo + wörld");
  });

  it("decrypt-object opens an encrypted object file of the development account", async () => {
    const objectKey = `${DEV_ACCOUNT}/reports/q1.txt`;
    const plaintext = "quarterly figures\n".repeat(500);
    const encrypted = join(dir, "q1.kwob");
    await encryptObject(
      stack!.deps,
      DEV_ACCOUNT,
      { objectKey, plaintext: chunks(plaintext), frameSize: 1024 },
      (body) => pipeline(body, createWriteStream(encrypted)),
    );
    const toStdout = await cli("decrypt-object", "--in", encrypted, "--key", objectKey);
    expect(toStdout.code, toStdout.stderr).toBe(0);
    expect(toStdout.stdout).toBe(plaintext);
    const out = join(dir, "q1.txt");
    const toFile = await cli("decrypt-object", "--in", encrypted, "--out", out);
    expect(toFile.stderr).toContain(`Decrypted ${plaintext.length} bytes to ${out}.`);
    expect(await readFile(out, "utf8")).toBe(plaintext);
    const wrongKey = await cli("decrypt-object", "--in", encrypted, "--key", `${DEV_ACCOUNT}/other.txt`);
    expect(wrongKey.code).toBe(1);
  });

  it("call exits 1 on an error answer and still prints it", async () => {
    const run = await cli("call", "DescribeKey", "KeyId=00000000-0000-4000-8000-000000000000");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ Code: "Forbidden.KeyNotFound" });
  });

  it("call signs with another AccessKey given by flags", async () => {
    const run = await cli(
      "call",
      "ListKeys",
      "--access-key-id",
      first.accessKeyId,
      "--access-key-secret",
      first.secret,
    );
    expect(run.code, run.stdout).toBe(0);
    const keys = JSON.parse(run.stdout).Keys.Key;
    expect(keys).toHaveLength(1);
    expect(keys[0].KeyArn).toContain(`:${OTHER}:key/`);
  });

  it("once the service stops, endpoint.json is gone and call says no service runs", async () => {
    await stack?.stop();
    stack = undefined;
    expect(existsSync(join(dir, "endpoint.json"))).toBe(false);
    const run = await cli("call", "ListKeys");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("No Keyward runs");
  });
});
