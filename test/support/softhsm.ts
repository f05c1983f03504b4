/**
 * A private SoftHSM 2.6 token per test file (stack-notes section 4): its own softhsm2.conf and token directory in a
 * temp dir, initialised with softhsm2-util. SoftHSM reads SOFTHSM2_CONF from the process environment when the
 * library is initialised (C_Initialize), so createSoftHsmToken sets it in process.env before any driver opens.
 * That reaches the C library only because vitest runs test files in child processes (pool "forks"): assigning
 * process.env in the main thread of a process calls setenv(3); in a worker thread it would not.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where Debian's softhsm2 package installs the library. */
export const SOFTHSM_LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";

/** A ready token: point a driver at `libraryPath` + `tokenLabel` + `pin`. */
export interface SoftHsmToken {
  readonly conf: string;
  readonly libraryPath: string;
  readonly tokenLabel: string;
  readonly pin: string;
  /** Removes the token directory and restores SOFTHSM2_CONF. Close drivers first. */
  cleanup(): Promise<void>;
}

/** Whether SoftHSM (the library and softhsm2-util) is installed on this machine. */
export function softHsmAvailable(): boolean {
  if (!existsSync(SOFTHSM_LIBRARY)) return false;
  return spawnSync("softhsm2-util", ["--version"], { encoding: "utf8" }).status === 0;
}

/**
 * For `describe.skipIf(!hsmTestsEnabled("..."))`: true when SoftHSM is installed. Otherwise warns loudly naming the
 * skipped suite and how to install SoftHSM, and returns false; with KEYWARD_REQUIRE_SOFTHSM=1 (CI) it throws,
 * failing the file instead of skipping it.
 */
export function hsmTestsEnabled(suite: string): boolean {
  if (softHsmAvailable()) return true;
  const why = `${SOFTHSM_LIBRARY} or softhsm2-util is missing`;
  if (process.env.KEYWARD_REQUIRE_SOFTHSM === "1") {
    throw new Error(`KEYWARD_REQUIRE_SOFTHSM=1 but ${why}: install it with \`apt-get install softhsm2\`.`);
  }
  console.warn(
    `\n*** SKIPPED: ${suite} (SoftHSM tests): ${why}. Install it with \`sudo apt-get install softhsm2\`. ***\n`,
  );
  return false;
}

/**
 * Creates a private token in a temp dir and points SOFTHSM2_CONF at it. Returns undefined when SoftHSM is not
 * installed (or throws when KEYWARD_REQUIRE_SOFTHSM=1); throws when softhsm2-util fails.
 */
export async function createSoftHsmToken(
  options: { tokenLabel?: string; pin?: string } = {},
): Promise<SoftHsmToken | undefined> {
  if (!hsmTestsEnabled("createSoftHsmToken")) return undefined;
  const tokenLabel = options.tokenLabel ?? "keyward-test";
  const pin = options.pin ?? "1234";
  const dir = await mkdtemp(join(tmpdir(), "keyward-softhsm-"));
  const tokens = join(dir, "tokens");
  await mkdir(tokens);
  const conf = join(dir, "softhsm2.conf");
  await writeFile(
    conf,
    [
      `directories.tokendir = ${tokens}`,
      "objectstore.backend = file",
      "log.level = ERROR",
      "slots.removable = false",
      "slots.mechanisms = ALL",
      "library.reset_on_fork = false",
      "",
    ].join("\n"),
  );
  const init = spawnSync(
    "softhsm2-util",
    ["--init-token", "--free", "--label", tokenLabel, "--so-pin", "12345678", "--pin", pin],
    { encoding: "utf8", env: { ...process.env, SOFTHSM2_CONF: conf } },
  );
  if (init.status !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`softhsm2-util --init-token failed (${init.status}): ${init.stderr || init.stdout}`);
  }
  const previous = process.env.SOFTHSM2_CONF;
  process.env.SOFTHSM2_CONF = conf;
  return {
    conf,
    libraryPath: SOFTHSM_LIBRARY,
    tokenLabel,
    pin,
    async cleanup() {
      if (previous === undefined) delete process.env.SOFTHSM2_CONF;
      else process.env.SOFTHSM2_CONF = previous;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
