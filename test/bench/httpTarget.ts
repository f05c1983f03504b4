/**
 * The server side of the HTTP benchmark, run as a child process (`node --import tsx test/bench/httpTarget.ts
 * <mode>`) so the load generator never shares its event loop. Modes:
 *
 * - `keyward`: the whole local stack (infra/local/localStack.ts: dynalite, root keyring, SoftHSM when installed,
 *   every operation through its real Lambda handler with signed-request authentication and audit logging) in a
 *   fresh temp directory, with a fixed AccessKey.
 * - `ceiling`: a minimal node:http server that drains the request and does only the primitive of the operation it
 *   is sent (`x-acs-action`): AES-256-GCM seal or open of 4 KiB, or ECDSA P-256 over a 32-byte digest, answered as
 *   a small JSON body. The ceiling for a Node HTTP service on this machine.
 * - `floor`: a node:http server answering a signed Encrypt with only the work any correct answer needs
 *   (floorServer.ts): the ceiling plus the signature check, and none of Keyward's layers.
 *
 * The child reports `{ url }` over IPC when it listens, and stops on "stop" or when the parent goes away.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
} from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BENCH_ACCESS_KEY, BENCH_ACCOUNT } from "./benchAccount";
import { createFloorEncrypt } from "./floorServer";

/** Bytes the ceiling server seals and opens, as the Encrypt/Decrypt 4 KiB rows do. */
const CEILING_BYTES = 4096;

async function startKeyward(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { startLocalStack } = await import("../../infra/local/localStack");
  const dir = mkdtempSync(join(tmpdir(), "keyward-bench-"));
  const stack = await startLocalStack({
    dir,
    port: 0,
    account: { accountId: BENCH_ACCOUNT, ...BENCH_ACCESS_KEY },
    jobIntervalMs: 3_600_000,
  });
  return {
    url: stack.url,
    async stop() {
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The primitives of the ceiling server, by Action; each returns the bytes it would answer. */
function ceilingPrimitives(): Record<string, () => Buffer> {
  const key = randomBytes(32);
  const plaintext = randomBytes(CEILING_BYTES);
  const seal = (): Buffer => {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  };
  const sealed = seal();
  const open = (): Buffer => {
    const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  };
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const digest = createHash("sha256").update("bench").digest();
  const ecdsa = (): Buffer => sign(null, digest, { key: privateKey, dsaEncoding: "der" });
  return { Encrypt: seal, Decrypt: open, AsymmetricSign: ecdsa };
}

/** A node:http server that drains each request, then answers what `answer` gives (JSON). */
async function startPlainServer(
  answer: (
    request: IncomingMessage,
  ) => { status: number; body: string } | Promise<{ status: number; body: string }>,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", async () => {
      const { status, body } = await answer(request);
      response.writeHead(status, {
        "content-type": "application/json;charset=utf-8",
        "content-length": Buffer.byteLength(body),
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function startCeiling(): Promise<{ url: string; stop: () => Promise<void> }> {
  const primitives = ceilingPrimitives();
  return startPlainServer((request) => {
    const primitive = primitives[String(request.headers["x-acs-action"])] ?? primitives.Encrypt;
    const output = (primitive as () => Buffer)();
    return {
      status: 200,
      body: JSON.stringify({ RequestId: randomUUID(), Output: output.toString("base64") }),
    };
  });
}

const mode = process.argv[2];
const target =
  mode === "ceiling"
    ? await startCeiling()
    : mode === "floor"
      ? await startPlainServer(createFloorEncrypt())
      : await startKeyward();
const stop = async () => {
  await target.stop();
  process.exit(0);
};
process.on("message", (message) => {
  if (message === "stop") void stop();
  // CPU time used so far (user + system, µs): the parent reads it around a run for the CPU cost per request.
  if (message === "cpu") {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  }
});
process.on("disconnect", () => void stop());
process.send?.({ url: target.url });
