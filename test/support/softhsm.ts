/**
 * A private SoftHSM 2.6 token per test file (stack-notes section 4): its own softhsm2.conf and token directory in a
 * temp dir (on tmpfs when available), initialised with softhsm2-util. SoftHSM reads SOFTHSM2_CONF from the process environment when the
 * library is initialised (C_Initialize), so createSoftHsmToken sets it in process.env before any driver opens.
 * That reaches the C library only because vitest runs test files in child processes (pool "forks"): assigning
 * process.env in the main thread of a process calls setenv(3); in a worker thread it would not.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkcs11js, { type Handle, type PKCS11, type Template } from "pkcs11js";
import { acquirePkcs11Library } from "../../core/hsm/Pkcs11Library";

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
  // On tmpfs when there is one: SoftHSM syncs every token object file to disk, ~180 ms per created object on this
  // project's machines against ~4 ms on /dev/shm.
  const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const dir = await mkdtemp(join(base, "keyward-softhsm-"));
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

/** A PKCS#11 session of the test itself next to the driver's, for what Keyward never does (import, inspect). */
export interface RawSoftHsmSession {
  readonly module: PKCS11;
  readonly session: Handle;
  /** Creates a token object with the given attributes (test keys of known value, duplicates, odd key types). */
  create(template: Template): Handle;
  /** Reads attributes; a refused attribute throws the pkcs11js Pkcs11Error (CKR_ATTRIBUTE_SENSITIVE, ...). */
  read(handle: Handle, types: readonly number[]): Buffer[];
  /** Every object with this CKA_LABEL. */
  find(label: string): Handle[];
  close(): void;
}

/**
 * Opens a session of the test's own on the token, sharing the process's initialised library (a second
 * C_Initialize would answer CKR_CRYPTOKI_ALREADY_INITIALIZED) and logging in unless a driver already did.
 */
export function openRawSession(token: SoftHsmToken): RawSoftHsmSession {
  const lease = acquirePkcs11Library(token.libraryPath);
  const { module } = lease;
  const slot = module
    .C_GetSlotList(true)
    .find((s) => module.C_GetTokenInfo(s).label.trim() === token.tokenLabel);
  if (!slot) throw new Error(`no token ${token.tokenLabel}`);
  const session = module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    module.C_Login(session, pkcs11js.CKU_USER, token.pin);
  } catch (error) {
    if ((error as { message?: string }).message !== "CKR_USER_ALREADY_LOGGED_IN") throw error;
  }
  return {
    module,
    session,
    create: (template) => module.C_CreateObject(session, template),
    read: (handle, types) =>
      module
        .C_GetAttributeValue(
          session,
          handle,
          types.map((type) => ({ type })),
        )
        .map((a) => a.value),
    find(label) {
      module.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_LABEL, value: label }]);
      try {
        return module.C_FindObjects(session, 100);
      } finally {
        module.C_FindObjectsFinal(session);
      }
    },
    close() {
      module.C_CloseSession(session);
      lease.release();
    },
  };
}
