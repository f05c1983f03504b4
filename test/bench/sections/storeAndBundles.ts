import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StoreOperation } from "../../../core/store/translateStoreError";
import { buildBundles } from "../../../scripts/bundles/buildBundles";
import { measureBundles } from "../../../scripts/bundles/measureBundles";
import type { BenchTable, SectionResult } from "../BenchSection";
import { createBenchKey, SHA256_DIGEST, signParams } from "../benchKeys";
import { startBenchService } from "../benchService";
import { kib, millis } from "../format";

/** The cold-import target of this round, in ms. */
const COLD_IMPORT_TARGET_MS = 150;

/** `3 (GetItem ×2, PutItem)` */
function describeCalls(calls: readonly StoreOperation[]): string {
  if (calls.length === 0) return "0";
  const counts = new Map<StoreOperation, number>();
  for (const call of calls) counts.set(call, (counts.get(call) ?? 0) + 1);
  const parts = [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name));
  return `${calls.length} (${parts.join(", ")})`;
}

async function storeCallTable(): Promise<{ table: BenchTable; warmCryptoCalls: number }> {
  const service = await startBenchService();
  try {
    const aes = await createBenchKey(service, {});
    await service.ok("CreateAlias", { KeyId: aes.keyId, AliasName: "alias/bench" });
    const p256 = await createBenchKey(service, { KeySpec: "EC_P256", KeyUsage: "SIGN/VERIFY" });
    const blob = (await service.ok("Encrypt", { KeyId: aes.keyId, Plaintext: "hello" }))
      .CiphertextBlob as string;
    const cases: { name: string; action: string; params: () => Record<string, string>; crypto?: boolean }[] =
      [
        {
          name: "Encrypt (KeyId)",
          action: "Encrypt",
          params: () => ({ KeyId: aes.keyId, Plaintext: "x" }),
          crypto: true,
        },
        {
          name: "Encrypt (alias)",
          action: "Encrypt",
          params: () => ({ KeyId: "alias/bench", Plaintext: "x" }),
          crypto: true,
        },
        { name: "Decrypt", action: "Decrypt", params: () => ({ CiphertextBlob: blob }), crypto: true },
        {
          name: "GenerateDataKey",
          action: "GenerateDataKey",
          params: () => ({ KeyId: aes.keyId }),
          crypto: true,
        },
        {
          name: "AsymmetricSign (EC_P256)",
          action: "AsymmetricSign",
          params: () => signParams(p256, "ECDSA_SHA_256", SHA256_DIGEST),
          crypto: true,
        },
        {
          name: "GetPublicKey",
          action: "GetPublicKey",
          params: () => ({ KeyId: p256.keyId, KeyVersionId: p256.versionId }),
          crypto: true,
        },
        { name: "DescribeKey", action: "DescribeKey", params: () => ({ KeyId: aes.keyId }) },
        { name: "ListKeys", action: "ListKeys", params: () => ({}) },
        { name: "CreateKey", action: "CreateKey", params: () => ({}) },
        {
          name: "UpdateKeyDescription",
          action: "UpdateKeyDescription",
          params: () => ({ KeyId: aes.keyId, Description: "d" }),
        },
      ];
    const rows: string[][] = [];
    let warmCryptoCalls = 0;
    for (const item of cases) {
      service.coldStart();
      service.storeCalls.length = 0;
      await service.ok(item.action, item.params());
      const cold = [...service.storeCalls];
      service.storeCalls.length = 0;
      await service.ok(item.action, item.params());
      const warm = [...service.storeCalls];
      if (item.crypto) warmCryptoCalls += warm.length;
      rows.push([item.name, describeCalls(cold), describeCalls(warm)]);
    }
    return {
      table: {
        title: "DynamoDB calls per request",
        headers: ["operation", "cold instance (first request)", "warm instance (next request)"],
        rows,
      },
      warmCryptoCalls,
    };
  } finally {
    await service.stop();
  }
}

async function bundleTable(): Promise<{ table: BenchTable; slowest: number; over: string[] }> {
  const outDir = await mkdtemp(join(tmpdir(), "keyward-bench-bundles-"));
  const stageRoot = await mkdtemp(join(tmpdir(), "keyward-bench-stage-"));
  try {
    const { bundles } = await buildBundles(outDir);
    const measured = await measureBundles(bundles, stageRoot, 3);
    const over = measured
      .filter((row) => !(row.coldImportMs < COLD_IMPORT_TARGET_MS))
      .map((row) => `${row.name} (${row.error ?? `${millis(row.coldImportMs)} ms`})`);
    return {
      table: {
        title: "Function bundles (esbuild as SST builds them)",
        headers: ["function", "package KiB", "evaluated at cold start KiB", "cold import ms (median of 3)"],
        rows: measured.map((row) => [
          row.name,
          kib(row.bytes),
          kib(row.startupBytes),
          row.error ? `does not load: ${row.error}` : millis(row.coldImportMs),
        ]),
      },
      slowest: Math.max(...measured.map((row) => row.coldImportMs)),
      over,
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
    await rm(stageRoot, { recursive: true, force: true });
  }
}

/**
 * Section 3: DynamoDB calls per request on a cold and a warm function instance (counted through composeServiceDeps'
 * onStoreCall), and each function bundle's size and cold import time (scripts/bundles: buildBundles and
 * measureBundles, the same code as `npx tsx scripts/build-bundles.ts --measure`).
 */
export async function run(): Promise<SectionResult> {
  const calls = await storeCallTable();
  const bundles = await bundleTable();
  return {
    heading: "Store calls per operation; function bundles",
    intro:
      "Store calls: each operation's handler is invoked twice on a fresh composition of the dependencies (a new " +
      "instance: empty key, material and AccessKey caches), and every DynamoDB request it makes is counted. The " +
      "first request of an instance reads the AccessKey (GetItem) and the key; state-changing operations also " +
      "claim their SignatureNonce durably (PutItem). Bundles: every function built with esbuild exactly as the " +
      "deployment builds it (ESM, minified, code splitting), staged outside the project and imported in a fresh " +
      "`node` process per run (node's own start-up excluded); the dependencies are created on the first request, " +
      "not at import.",
    tables: [calls.table, bundles.table],
    notes: [
      `Warm cryptographic requests made ${calls.warmCryptoCalls} store calls in total.`,
      bundles.over.length === 0
        ? `Every function imports cold in under ${COLD_IMPORT_TARGET_MS} ms (slowest ${millis(bundles.slowest)} ms).`
        : `Over ${COLD_IMPORT_TARGET_MS} ms: ${bundles.over.join(", ")}.`,
    ],
    figures: { warmCryptoStoreCalls: calls.warmCryptoCalls, slowestColdImportMs: bundles.slowest },
  };
}
