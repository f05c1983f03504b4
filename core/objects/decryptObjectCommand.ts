import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { InvalidParameterError, MissingParameterError } from "../errors";
import type { Caller, ServiceDeps } from "../service/ServiceDeps";
import { type DecryptedObjectInfo, decryptObject } from "./decryptObject";
import { decryptStoredObject } from "./decryptStoredObject";
import type { ObjectStore } from "./ObjectStore";

/** What the command runs with; the CLI (infra/local/cli.ts) builds it. */
export interface DecryptObjectCommandEnv {
  readonly deps: ServiceDeps;
  /** The object store holding the encrypted bucket; needed with `--bucket`. */
  readonly objects?: ObjectStore;
  /** The encrypted bucket used when `--bucket` is absent. */
  readonly defaultBucket?: string;
  /** The account used when `--account` is absent (the local development account). */
  readonly defaultAccountId?: string;
  /** Where `--out -` (the default) writes. */
  readonly stdout: Writable;
}

/** What was decrypted. */
export interface DecryptObjectCommandResult extends DecryptedObjectInfo {
  /** Plaintext bytes written. */
  readonly bytes: number;
  /** The file written, or "-" for stdout. */
  readonly out: string;
}

/** The command's usage text. */
export const DECRYPT_OBJECT_USAGE = `usage: keyward decrypt-object [--account <id>] [--bucket <bucket>] --key <key> [--out <file>|-]
       keyward decrypt-object [--account <id>] --in <file> [--key <key>] [--out <file>|-]
Decrypts an object written by the event-triggered encryption, streaming, for the account that owns it.
--key is the object's key in the encrypted bucket; with --in it is optional and, when given, checked.
With --out <file>, the plaintext goes to a temporary file renamed to <file> only once every frame checked out.`;

/**
 * The CLI command `decrypt-object`: decrypts an encrypted object from the encrypted bucket (`--bucket`, `--key`)
 * or from a local file (`--in`) to a file or stdout, streaming (DESIGN section 9). Writes to a file go through a
 * temporary file in the same directory, renamed on success and removed on failure, so a damaged object never
 * leaves a plausible partial plaintext; on stdout a failure comes after some output, so the exit code decides.
 * @throws InvalidParameterError / MissingParameterError for bad arguments; everything decryptObject throws.
 */
export async function decryptObjectCommand(
  args: readonly string[],
  env: DecryptObjectCommandEnv,
): Promise<DecryptObjectCommandResult> {
  const options = parseOptions(args);
  const accountId = options.account ?? env.defaultAccountId;
  /* Precondition: the command knows the account to decrypt for. */
  if (!accountId) throw new MissingParameterError("--account");
  const caller: Caller = { accountId };
  const out = options.out ?? "-";
  const read = (plaintext: AsyncIterable<Uint8Array>, info: DecryptedObjectInfo) =>
    writeOut(plaintext, out, env.stdout).then((bytes) => ({ ...info, bytes, out }));
  if (options.in !== undefined) {
    const file = createReadStream(options.in);
    try {
      return await decryptObject(
        env.deps,
        caller,
        { ciphertext: file, ...(options.key !== undefined ? { expectedObjectKey: options.key } : {}) },
        read,
      );
    } finally {
      file.destroy();
    }
  }
  /* Precondition: without --in, the command names the object's key. */
  if (options.key === undefined) throw new MissingParameterError("--key");
  const bucket = options.bucket ?? env.defaultBucket;
  /* Precondition: without --in, the command knows the bucket and the object store. */
  if (!bucket || !env.objects) throw new MissingParameterError("--bucket");
  return decryptStoredObject(env.deps, caller, { objects: env.objects, bucket, key: options.key }, read);
}

function parseOptions(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        account: { type: "string" },
        bucket: { type: "string" },
        key: { type: "string" },
        in: { type: "string" },
        out: { type: "string" },
      },
    }).values;
  } catch (error) {
    /* Precondition: the arguments are the command's options. */
    throw new InvalidParameterError("arguments", `${(error as Error).message}\n${DECRYPT_OBJECT_USAGE}`);
  }
}

/** Streams the plaintext to stdout or, through a temporary file renamed at the end, to `out`. */
async function writeOut(
  plaintext: AsyncIterable<Uint8Array>,
  out: string,
  stdout: Writable,
): Promise<number> {
  let bytes = 0;
  const counted = Readable.from(
    (async function* () {
      for await (const chunk of plaintext) {
        bytes += chunk.length;
        yield chunk;
      }
    })(),
  );
  if (out === "-") {
    await pipeline(counted, stdout, { end: false });
    return bytes;
  }
  const partial = `${out}.partial-${randomUUID()}`;
  try {
    await pipeline(counted, createWriteStream(partial, { flags: "wx", mode: 0o600 }));
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return bytes;
}
