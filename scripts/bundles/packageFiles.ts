import { join } from "node:path";
import type { Metafile } from "esbuild";

/** What one function ships: its entry, the chunks it reaches, and what they contain. */
export interface PackageFiles {
  /** Absolute path of the entry, `<outDir>/<name>/index.mjs`. */
  readonly file: string;
  /** Every file of the package (entry first), as absolute paths. */
  readonly files: readonly string[];
  /** The files a cold import evaluates: the entry and the chunks it imports statically. */
  readonly startupFiles: readonly string[];
  /** Bytes of the whole package. */
  readonly bytes: number;
  /** Bytes a cold import evaluates. */
  readonly startupBytes: number;
  /** The bytes each bundled npm package contributes to the package, by package name. */
  readonly packageBytes: Readonly<Record<string, number>>;
  /** Whether sm-crypto-v2 code is in the package / evaluated at cold import. */
  readonly includesSmCrypto: boolean;
  readonly smCryptoAtStartup: boolean;
  /** Whether the package imports the external pkcs11js / does so at cold import. */
  readonly importsPkcs11: boolean;
  readonly pkcs11AtStartup: boolean;
}

/** The npm package a metafile input path belongs to (`node_modules/@scope/name/...` or `node_modules/name/...`). */
export function packageOf(inputPath: string): string | undefined {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(inputPath.split("\\").join("/"));
  return match?.[1];
}

/** The output files reachable from `start`, following static imports only or also dynamic ones. */
function closure(metafile: Metafile, start: string, dynamic: boolean): string[] {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    const output = metafile.outputs[queue.shift()!];
    for (const imported of output?.imports ?? []) {
      if (imported.external || seen.has(imported.path) || !(imported.path in metafile.outputs)) continue;
      if (imported.kind === "dynamic-import" && !dynamic) continue;
      seen.add(imported.path);
      queue.push(imported.path);
    }
  }
  return [...seen];
}

function importsExternal(metafile: Metafile, outputs: readonly string[], name: string): boolean {
  return outputs.some((o) => metafile.outputs[o]?.imports.some((i) => i.external && i.path === name));
}

/**
 * The package of the entry output `entryKey` (a metafile output path, relative to `root`): its files and what they
 * hold, from esbuild's metafile.
 * @throws Error when the metafile has no such output (a bug of the caller).
 */
export function packageFiles(metafile: Metafile, entryKey: string, root: string): PackageFiles {
  if (!metafile.outputs[entryKey]) throw new Error(`esbuild reported no output ${entryKey}`);
  const all = closure(metafile, entryKey, true);
  const startup = closure(metafile, entryKey, false);
  const bytesOf = (keys: readonly string[]) =>
    keys.reduce((sum, k) => sum + (metafile.outputs[k]?.bytes ?? 0), 0);
  const packageBytes: Record<string, number> = {};
  const startupPackages = new Set<string>();
  for (const key of all) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[key]?.inputs ?? {})) {
      const name = packageOf(input);
      if (!name || bytesInOutput === 0) continue;
      packageBytes[name] = (packageBytes[name] ?? 0) + bytesInOutput;
      if (startup.includes(key)) startupPackages.add(name);
    }
  }
  return {
    file: join(root, entryKey),
    files: all.map((k) => join(root, k)),
    startupFiles: startup.map((k) => join(root, k)),
    bytes: bytesOf(all),
    startupBytes: bytesOf(startup),
    packageBytes,
    includesSmCrypto: "sm-crypto-v2" in packageBytes,
    smCryptoAtStartup: startupPackages.has("sm-crypto-v2"),
    importsPkcs11: importsExternal(metafile, all, "pkcs11js"),
    pkcs11AtStartup: importsExternal(metafile, startup, "pkcs11js"),
  };
}
