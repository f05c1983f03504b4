/**
 * `npm start` itself (infra/local/start.ts) as a child process, driven by the official 1.x SDK: it prints the
 * development AccessKey it made on first start, serves signed requests, writes endpoint.json while it runs, stops
 * cleanly on SIGTERM, keeps keys and the AccessKey across restarts, and takes a fixed AccessKey from
 * KEYWARD_ACCESS_KEY_ID / KEYWARD_ACCESS_KEY_SECRET.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, ROOT } from "../integration/cli/cliSupport";
import { stateDirectory } from "./support/e2eStack";
import { type KmsCaller, rpcV1Caller } from "./support/kmsCallers";

interface Started {
  readonly child: ChildProcess;
  readonly host: string;
  readonly accessKeyId: string;
  readonly secret: string;
  readonly stdout: () => string;
}

const running = new Set<ChildProcess>();
let dir: string;

/** Starts `npm start`'s entry (node + tsx, so the child's pid is the server's) and waits for its banner. */
function npmStart(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", "infra/local/start.ts"], {
    cwd: ROOT,
    env: cleanEnv({ PORT: "0", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let out = "";
  let err = "";
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
    });
    child.on("exit", (code) => reject(new Error(`npm start exited (${code}) before listening: ${err}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const url = /Keyward is listening on http:\/\/(\S+)/.exec(out)?.[1];
      const id = /AccessKeyId\s+(\S+)/.exec(out)?.[1];
      const secret = /AccessKeySecret\s+(\S+)/.exec(out)?.[1];
      if (url && id && secret && out.includes("Ctrl-C stops it")) {
        resolve({ child, host: url, accessKeyId: id, secret, stdout: () => out });
      }
    });
  });
}

/** Runs `npm start`'s entry expecting it to refuse its settings: its exit code and what it wrote to stderr. */
function npmStartRefused(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "infra/local/start.ts"], {
    cwd: ROOT,
    env: cleanEnv({ PORT: "0", ...env }),
    stdio: ["ignore", "ignore", "pipe"],
  });
  running.add(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      running.delete(child);
      resolve({ code, stderr });
    }),
  );
}

/** Sends SIGTERM to the child started here and waits for its exit code. */
function stop(started: Started): Promise<number | null> {
  return new Promise((resolve) => {
    started.child.removeAllListeners("exit");
    started.child.on("exit", (code) => {
      running.delete(started.child);
      resolve(code);
    });
    started.child.kill("SIGTERM");
  });
}

beforeAll(async () => {
  dir = await stateDirectory("npm-start");
});
afterEach(() => {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("npm start", () => {
  let keyId: string;
  let first: Started;

  it("makes and prints a development AccessKey on first start, and serves the official SDK with it", async () => {
    first = await npmStart({ KEYWARD_DIR: dir });
    expect(first.accessKeyId).toMatch(/^KWDEV[0-9A-F]{24}$/);
    const endpoint = JSON.parse(readFileSync(join(dir, "endpoint.json"), "utf8"));
    expect(endpoint).toMatchObject({ url: `http://${first.host}`, pid: first.child.pid });
    const kms: KmsCaller = rpcV1Caller(first.host, first);
    keyId = (await kms.call("CreateKey", { Description: "survives restarts" })).KeyMetadata.KeyId;
    const sealed = await kms.call("Encrypt", {
      KeyId: keyId,
      Plaintext: "hello",
      EncryptionContext: { a: "b" },
    });
    const opened = await kms.call("Decrypt", {
      CiphertextBlob: sealed.CiphertextBlob,
      EncryptionContext: { a: "b" },
    });
    expect(opened.Plaintext).toBe("hello");
    expect(await stop(first)).toBe(0);
    expect(existsSync(join(dir, "endpoint.json"))).toBe(false);
  });

  it("prints the same AccessKey after a restart, and the keys are still there", async () => {
    const again = await npmStart({ KEYWARD_DIR: dir });
    expect({ id: again.accessKeyId, secret: again.secret }).toEqual({
      id: first.accessKeyId,
      secret: first.secret,
    });
    const described = await rpcV1Caller(again.host, again).call("DescribeKey", { KeyId: keyId });
    expect(described.KeyMetadata.Description).toBe("survives restarts");
    expect(await stop(again)).toBe(0);
  });

  it("uses the AccessKey KEYWARD_ACCESS_KEY_ID and KEYWARD_ACCESS_KEY_SECRET fix", async () => {
    const fixedDir = join(dir, "fixed");
    const fixed = {
      KEYWARD_ACCESS_KEY_ID: "KWFIXEDDEVKEY0000001",
      KEYWARD_ACCESS_KEY_SECRET: "fixed-secret-for-tests-0001",
    };
    const started = await npmStart({ KEYWARD_DIR: fixedDir, ...fixed });
    expect({ id: started.accessKeyId, secret: started.secret }).toEqual({
      id: fixed.KEYWARD_ACCESS_KEY_ID,
      secret: fixed.KEYWARD_ACCESS_KEY_SECRET,
    });
    const status = await rpcV1Caller(started.host, started).call("DescribeAccountKmsStatus");
    expect(status.AccountStatus).toBe("Enabled");
    await expect(
      rpcV1Caller(started.host, { ...started, secret: "not-the-fixed-secret" }).call("ListKeys"),
    ).rejects.toMatchObject({ code: "SignatureDoesNotMatchError" });
    expect(await stop(started)).toBe(0);
  });

  it("refuses a fixed AccessKey it cannot use in one line and exit status 2, not a stack trace", async () => {
    const refusals = [
      [
        { KEYWARD_ACCESS_KEY_ID: "SHORTKEY", KEYWARD_ACCESS_KEY_SECRET: "a-secret-of-enough-length" },
        /AccessKeyId/,
      ],
      [
        { KEYWARD_ACCESS_KEY_ID: "KWONLYTHEIDISSET0001" },
        /Set both KEYWARD_ACCESS_KEY_ID and KEYWARD_ACCESS_KEY_SECRET/,
      ],
    ] as const;
    for (const [env, reason] of refusals) {
      const { code, stderr } = await npmStartRefused({ KEYWARD_DIR: join(dir, "refused"), ...env });
      expect(code).toBe(2);
      expect(stderr).toMatch(/^Keyward did not start: /);
      expect(stderr).toMatch(reason);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
