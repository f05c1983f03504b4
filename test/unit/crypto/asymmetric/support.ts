import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const VECTORS = new URL("../../../vectors/", import.meta.url);

/** Reads a JSON data file under test/vectors/. */
export function loadVector<T>(relativePath: string): T {
  return JSON.parse(readFileSync(new URL(relativePath, VECTORS), "utf8")) as T;
}

export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, "hex"));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(data).digest());
}

/** A copy of `bytes` with one bit flipped. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const index = Math.floor(bit / 8) % copy.length;
  copy[index] = (copy[index] ?? 0) ^ (1 << (bit % 8));
  return copy;
}

/** PEM of PKCS#8 DER, written here independently of the code under test (test-only: Keyward never exports it). */
export function privateKeyPem(pkcs8: Uint8Array): string {
  const lines =
    Buffer.from(pkcs8)
      .toString("base64")
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join("\n")}\n-----END PRIVATE KEY-----\n`;
}

/** A scratch directory for driving the `openssl` command line. */
export class OpensslWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), "keyward-openssl-"));

  path(name: string): string {
    return join(this.dir, name);
  }

  write(name: string, data: Uint8Array | string): string {
    const path = this.path(name);
    writeFileSync(path, data);
    return path;
  }

  read(name: string): Uint8Array {
    return new Uint8Array(readFileSync(this.path(name)));
  }

  /** Runs `openssl` with the arguments; returns its exit status and output. */
  run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync("openssl", args, { cwd: this.dir, encoding: "utf8" });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The fields of a Wycheproof test every schema shares. */
export interface WycheproofTest {
  readonly tcId: number;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly result: "valid" | "invalid" | "acceptable";
}

export interface WycheproofFile<G> {
  readonly algorithm: string;
  readonly numberOfTests: number;
  readonly testGroups: readonly G[];
}
