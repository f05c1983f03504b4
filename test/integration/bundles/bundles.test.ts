import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_FUNCTIONS } from "../../../infra/functionCatalog";
import {
  type BuildResult,
  type BundleReport,
  buildBundles,
  PROJECT_ROOT,
  REQUIRE_BANNER,
} from "../../../scripts/bundles/buildBundles";
import { importChain } from "../../../scripts/bundles/importChain";
import { coldImport, describeFailure, stageBundle } from "../../../scripts/bundles/loadBundle";

/*
 * Builds every function as SST would (scripts/bundles/buildBundles.ts), loads each package the way it sits in its
 * Lambda package (alone, outside the project, with pkcs11js installed only for the HSM function): the entry, then
 * every chunk it may load later; and checks from esbuild's metafile that pkcs11js is only in the package of the
 * function that needs it, and that sm-crypto-v2 (SM4) is evaluated at cold start only by functions that may touch
 * key material (infra/functionCatalog.ts).
 */

let outDir: string;
let stageRoot: string;
let result: BuildResult;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "keyward-bundles-out-"));
  stageRoot = await mkdtemp(join(tmpdir(), "keyward-bundles-stage-"));
  result = await buildBundles(outDir);
}, 240_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  await rm(stageRoot, { recursive: true, force: true });
});

/** `<bundle>: <entry> > … > <importer of target>`, the evidence for an assertion message. */
function offender(bundle: BundleReport, target: string): string {
  const chain =
    result.metafile && importChain(result.metafile, `functions/${bundle.entry.module}.ts`, target);
  return `${bundle.name}: ${chain ? chain.join(" > ") : "(no import chain found)"}`;
}

describe("function bundles", () => {
  it("builds one bundle per function whose handler file exists, and names the missing ones", () => {
    const exists = (module: string) => existsSync(join(PROJECT_ROOT, "functions", `${module}.ts`));
    expect(result.bundles.map((b) => b.name)).toEqual(
      ALL_FUNCTIONS.filter((f) => exists(f.module)).map((f) => f.name),
    );
    expect(result.missing.map((f) => f.name)).toEqual(
      ALL_FUNCTIONS.filter((f) => !exists(f.module)).map((f) => f.name),
    );
    expect(result.bundles.length).toBeGreaterThan(0);
  });

  it("writes minified ESM with the createRequire banner, as SST does", async () => {
    for (const bundle of result.bundles) {
      const entry = await readFile(bundle.file, "utf8");
      expect(entry, bundle.name).toMatch(/export\s*\{[^}]*\bhandler\s*\}/);
      let bytes = 0;
      for (const file of bundle.files) {
        const text = await readFile(file, "utf8");
        expect(text.startsWith(REQUIRE_BANNER), file).toBe(true);
        expect(text.split("\n").length, `${file} is not minified`).toBeLessThan(100);
        bytes += Buffer.byteLength(text);
      }
      expect(bytes, bundle.name).toBe(bundle.bytes);
      expect(bundle.startupBytes).toBeLessThanOrEqual(bundle.bytes);
    }
  });

  it("loads each function's entry and every chunk of its package in a fresh node process, with only its declared externals installed", async () => {
    const failures: string[] = [];
    const queue = [...result.bundles];
    const worker = async () => {
      for (let bundle = queue.shift(); bundle; bundle = queue.shift()) {
        try {
          const staged = await stageBundle(bundle, stageRoot);
          const loaded = await coldImport(staged.entry, staged.chunks);
          if (loaded.handlerType !== "function")
            failures.push(`${bundle.name}: handler is ${loaded.handlerType}`);
        } catch (error) {
          failures.push(`${bundle.name}: ${describeFailure(error)}`);
        }
      }
    };
    await Promise.all([worker(), worker()]);
    expect(failures).toEqual([]);
  }, 300_000);

  it("keeps pkcs11js external and imports it only in the functions that need it (the HSM function)", () => {
    for (const bundle of result.bundles) expect(bundle.packageBytes.pkcs11js, bundle.name).toBeUndefined();
    const offenders = result.bundles
      .filter((bundle) => bundle.importsPkcs11 && !bundle.entry.needs.pkcs11)
      .map(
        (bundle) =>
          `${bundle.pkcs11AtStartup ? "at cold start" : "in a lazy chunk"}: ${offender(bundle, "pkcs11js")}`,
      );
    expect(offenders).toEqual([]);
    const hsm = result.bundles.find((bundle) => bundle.entry.needs.pkcs11);
    if (hsm) expect(hsm.importsPkcs11).toBe(true);
  });

  it("keeps sm-crypto-v2 behind a dynamic import in functions that do not touch key material", () => {
    // The package of such a function may hold sm-crypto-v2 in a chunk loaded on demand (the SOFTWARE provider serves
    // every KeySpec), but a cold import must not evaluate it: it is not reachable through static imports alone.
    const offenders = result.bundles
      .filter((bundle) => bundle.smCryptoAtStartup && !bundle.entry.needs.smCrypto)
      .map((bundle) => offender(bundle, "node_modules/sm-crypto-v2/"));
    expect(offenders).toEqual([]);
  });
});
