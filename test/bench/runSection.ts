/**
 * Runs one benchmark section in this (child) process and sends its result to the parent over IPC:
 * `node --import tsx test/bench/runSection.ts <section>`. Each section runs in a fresh process (its own heap, its
 * own SoftHSM environment), with stdout (the service's log lines) sent to /dev/null by the parent.
 */
import type { SectionRun } from "./BenchSection";

const name = process.argv[2] ?? "";
const SECTIONS: Record<string, () => Promise<{ run: SectionRun }>> = {
  inProcess: () => import("./sections/inProcess"),
  http: () => import("./sections/http"),
  storeAndBundles: () => import("./sections/storeAndBundles"),
  hsm: () => import("./sections/hsm"),
  smCrypto: () => import("./sections/smCrypto"),
  stack: () => import("./sections/stack"),
};
const load = SECTIONS[name];
if (!load) {
  process.stderr.write(`unknown section "${name}"; one of ${Object.keys(SECTIONS).join(", ")}\n`);
  process.exit(2);
}
try {
  const result = await (await load()).run();
  process.send?.({ result }, () => process.exit(0));
  if (!process.send) {
    process.stderr.write(`${JSON.stringify(result, null, 2)}\n`);
    process.exit(0);
  }
} catch (error) {
  process.stderr.write(
    `section ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.send?.({ error: String(error) }, () => process.exit(1));
  if (!process.send) process.exit(1);
}
