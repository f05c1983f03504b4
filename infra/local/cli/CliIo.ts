import type { Writable } from "node:stream";

/** What a CLI command reads and writes: the environment, lines of text, and the raw stdout for binary output. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes a line to stdout. */
  out(line: string): void;
  /** Writes a line to stderr. */
  err(line: string): void;
  /** The raw stdout stream (decrypt-object writes plaintext bytes to it). */
  readonly stdout: Writable;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return {
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    stdout: process.stdout,
  };
}
