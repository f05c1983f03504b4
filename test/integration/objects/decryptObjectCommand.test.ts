import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  InvalidCiphertextError,
  InvalidParameterError,
  KeyNotFoundError,
  MissingParameterError,
} from "../../../core/errors";
import { decryptObjectCommand } from "../../../core/objects/decryptObjectCommand";
import type { InboxSettings } from "../../../core/objects/encryptInboxObject";
import type { ServiceDeps } from "../../../core/service/ServiceDeps";
import { bytesOf } from "../../unit/objects/streamSupport";
import { invoke, putInbox, sqsEvent } from "./handlerSupport";
import { ENCRYPTED, type ObjectStack, startObjectStack } from "./objectStack";

const ACCOUNT = "1234567890123456";
const KEY = `${ACCOUNT}/cli/data file.bin`;
const plaintext = bytesOf(50_000);
let stack: ObjectStack;
let deps: ServiceDeps;
let settings: InboxSettings;
let dir: string;
let encryptedFile: string;

beforeAll(async () => {
  stack = await startObjectStack();
  ({ deps } = await stack.newDeps());
  settings = stack.settings();
  dir = await mkdtemp(join(tmpdir(), "keyward-cli-"));
  await invoke(deps, settings, sqsEvent([await putInbox(stack.s3, KEY, plaintext)]));
  const stored = await stack.s3.client.send(new GetObjectCommand({ Bucket: ENCRYPTED, Key: KEY }));
  encryptedFile = join(dir, "object.kwob");
  await writeFile(encryptedFile, await stored.Body!.transformToByteArray());
});
afterAll(async () => {
  await stack?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function env(stdout = new PassThrough()) {
  return { deps, objects: settings.objects, defaultBucket: ENCRYPTED, defaultAccountId: ACCOUNT, stdout };
}

async function toStdout(args: string[]): Promise<{ bytes: Buffer; result: unknown }> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  const result = await decryptObjectCommand(args, env(stdout));
  return { bytes: Buffer.concat(chunks), result };
}

describe("keyward decrypt-object", () => {
  it("decrypts an object of the encrypted bucket to stdout", async () => {
    const { bytes, result } = await toStdout(["--key", KEY]);
    expect(bytes).toEqual(Buffer.from(plaintext));
    expect(result).toMatchObject({ bytes: plaintext.length, out: "-", frameSize: 4096 });
  });

  it("decrypts to a file, through a temporary file renamed at the end", async () => {
    const out = join(dir, "plain.bin");
    const result = await decryptObjectCommand(["--bucket", ENCRYPTED, "--key", KEY, "--out", out], env());
    expect(result.out).toBe(out);
    expect(await readFile(out)).toEqual(Buffer.from(plaintext));
    expect((await readdir(dir)).filter((name) => name.includes(".partial-"))).toEqual([]);
  });

  it("decrypts a local copy with --in, checking --key when given", async () => {
    const { bytes } = await toStdout(["--in", encryptedFile]);
    expect(bytes).toEqual(Buffer.from(plaintext));
    await expect(
      decryptObjectCommand(["--in", encryptedFile, "--key", `${ACCOUNT}/cli/other.bin`], env()),
    ).rejects.toBeInstanceOf(InvalidCiphertextError);
  });

  it("leaves no output file when the object is damaged", async () => {
    const damaged = join(dir, "damaged.kwob");
    const bytes = await readFile(encryptedFile);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] as number) ^ 1; // inside the last frame
    await writeFile(damaged, bytes);
    const out = join(dir, "damaged.out");
    await expect(decryptObjectCommand(["--in", damaged, "--out", out], env())).rejects.toBeInstanceOf(
      InvalidCiphertextError,
    );
    expect((await readdir(dir)).filter((name) => name.startsWith("damaged.out"))).toEqual([]);
  });

  it("refuses another account", async () => {
    await expect(decryptObjectCommand(["--account", "999", "--key", KEY], env())).rejects.toBeInstanceOf(
      KeyNotFoundError,
    );
  });

  it("the arguments are the command's options", async () => {
    await expect(decryptObjectCommand(["--nope"], env())).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(decryptObjectCommand(["stray"], env())).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it("the command knows the account to decrypt for", async () => {
    const { defaultAccountId: _, ...withoutAccount } = env();
    await expect(decryptObjectCommand(["--key", KEY], withoutAccount)).rejects.toBeInstanceOf(
      MissingParameterError,
    );
  });

  it("without --in, the command names the object's key", async () => {
    await expect(decryptObjectCommand([], env())).rejects.toBeInstanceOf(MissingParameterError);
  });

  it("without --in, the command knows the bucket and the object store", async () => {
    const { defaultBucket: _, ...withoutBucket } = env();
    await expect(decryptObjectCommand(["--key", KEY], withoutBucket)).rejects.toBeInstanceOf(
      MissingParameterError,
    );
  });

  it("the encrypted object exists", async () => {
    await expect(decryptObjectCommand(["--key", `${ACCOUNT}/cli/none`], env())).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
  });
});
