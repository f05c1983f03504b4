import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseRootKeyring, RootKeyring } from "../../core/crypto/rootKeyring";

/**
 * The files of one machine's Keyward under `.keyward/` (DESIGN sections 7 and 10), all private to the user
 * (directory 0700, files 0600): the root keyring, the persisted store, the SoftHSM token and its PIN, and the
 * development AccessKey.
 */
export interface LocalFiles {
  readonly dir: string;
  readonly storeDir: string;
  readonly softHsmDir: string;
}

export function localFiles(dir: string): LocalFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const storeDir = join(dir, "store");
  mkdirSync(storeDir, { recursive: true, mode: 0o700 });
  return { dir, storeDir, softHsmDir: join(dir, "softhsm") };
}

/** Reads a private file, or creates it with `create()` (mode 0600) when absent. */
export function privateFile(path: string, create: () => string): string {
  if (existsSync(path)) return readFileSync(path, "utf8");
  const content = create();
  writeFileSync(path, content, { mode: 0o600, flag: "wx" });
  return content;
}

/** The machine's root keyring: `.keyward/root-keys.json`, made on first start. Back it up: without it no key opens. */
export function localRootKeyring(files: LocalFiles): RootKeyring {
  const text = privateFile(join(files.dir, "root-keys.json"), () => {
    const keyring = RootKeyring.generate(
      `local-${new Date().toISOString().slice(0, 10)}`,
      (n) => new Uint8Array(randomBytes(n)),
    );
    try {
      return `${keyring.serialize()}\n`;
    } finally {
      keyring.destroy();
    }
  });
  return parseRootKeyring(text);
}
