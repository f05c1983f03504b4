import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HsmSettings } from "../../core/config";
import { type LocalFiles, privateFile } from "./localFiles";

/** Where Debian's softhsm2 package puts the PKCS#11 library. */
export const SOFTHSM_LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
const TOKEN_LABEL = "keyward";

/** The HSM of one machine: a SoftHSM token under .keyward/, or the reason there is none. */
export type LocalHsm =
  | { readonly settings: HsmSettings & { mode: "in-process" } }
  | { readonly unavailable: string };

/**
 * Prepares a persistent SoftHSM token under `.keyward/softhsm/` when SoftHSM is installed (DESIGN section 10): its
 * own softhsm2.conf, a token labelled `keyward` with a random PIN kept in `.keyward/softhsm/pin` (0600), and
 * SOFTHSM2_CONF set for this process before the library is loaded. Without SoftHSM, HSM keys are refused with a
 * message saying how to install it.
 */
export function prepareLocalSoftHsm(files: LocalFiles): LocalHsm {
  if (!existsSync(SOFTHSM_LIBRARY) || spawnSync("softhsm2-util", ["--version"]).status !== 0) {
    return {
      unavailable: `SoftHSM is not installed on this machine (${SOFTHSM_LIBRARY}). Install it with \`sudo apt-get install softhsm2\` and restart \`npm start\`.`,
    };
  }
  const tokens = join(files.softHsmDir, "tokens");
  mkdirSync(tokens, { recursive: true, mode: 0o700 });
  const conf = join(files.softHsmDir, "softhsm2.conf");
  writeFileSync(
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
    { mode: 0o600 },
  );
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const pin = privateFile(join(files.softHsmDir, "pin"), () => randomBytes(12).toString("hex")).trim();
  const listed = spawnSync("softhsm2-util", ["--show-slots"], { env, encoding: "utf8" });
  if (!new RegExp(`Label:\\s+${TOKEN_LABEL}\\s*$`, "m").test(listed.stdout ?? "")) {
    const soPin = randomBytes(12).toString("hex");
    const init = spawnSync(
      "softhsm2-util",
      ["--init-token", "--free", "--label", TOKEN_LABEL, "--so-pin", soPin, "--pin", pin],
      {
        env,
        encoding: "utf8",
      },
    );
    if (init.status !== 0)
      return { unavailable: `SoftHSM token setup failed: ${init.stderr || init.stdout}` };
  }
  process.env.SOFTHSM2_CONF = conf;
  return { settings: { mode: "in-process", libraryPath: SOFTHSM_LIBRARY, tokenLabel: TOKEN_LABEL, pin } };
}
