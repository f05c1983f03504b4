/**
 * The whole local service for an end-to-end test file: `startLocalStack` (infra/local/localStack.ts) in a fresh
 * state directory on port 0, exactly as `npm start` runs it (persisted dynalite, root keyring file, SoftHSM token
 * when installed, signed-request authentication). The directory is on tmpfs when there is one: SoftHSM syncs every
 * token object to disk (stack-notes section 4), which costs about 180 ms per HSM key on a disk.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LocalStack, startLocalStack } from "../../../infra/local/localStack";

/** The development account of the e2e stacks. */
export const DEV_ACCOUNT = "1234567890123456";

/** A running local stack and where it keeps its state. */
export interface E2eStack {
  readonly stack: LocalStack;
  /** The state directory (`.keyward` of this stack). */
  readonly dir: string;
  /** `127.0.0.1:<port>`: what the SDKs take as `endpoint`. */
  readonly host: string;
  /** Stops the stack and removes its directory. */
  stop(): Promise<void>;
}

/** A fresh private directory for a stack's state, on tmpfs when available. */
export async function stateDirectory(prefix: string): Promise<string> {
  const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  return mkdtemp(join(base, `keyward-${prefix}-`));
}

/** Starts the local stack in a new directory, its development AccessKey acting for `accountId`. */
export async function startE2eStack(prefix: string, accountId = DEV_ACCOUNT): Promise<E2eStack> {
  const dir = await stateDirectory(prefix);
  try {
    const stack = await startLocalStack({ dir, port: 0, account: { accountId } });
    return {
      stack,
      dir,
      host: stack.url.replace(/^http:\/\//, ""),
      async stop() {
        try {
          await stack.stop();
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
