import type { BenchTable } from "./BenchSection";
import { millis, ratio } from "./format";

/** The targets of this round (the benchmark issue) and whether the figures of a run meet them. */
export function targetsTable(figures: Readonly<Record<string, number>>): BenchTable {
  const verdict = (value: number | undefined, ok: (v: number) => boolean) =>
    value === undefined || Number.isNaN(value) ? "not measured" : ok(value) ? "met" : "missed";
  const http = figures["Encrypt-c16"];
  const warmCalls = figures.warmCryptoStoreCalls;
  const hsm = figures.hsmRsaSignRatio1;
  const hsmN = figures.hsmRsaSignRatioN;
  const cold = figures.slowestColdImportMs;
  return {
    headers: ["target", "measured", "verdict"],
    rows: [
      [
        "HTTP Encrypt 4 KiB at 16 connections ≥ 0.70 of the node:http ceiling",
        `${ratio(http)} of the ceiling (the floor, no layers: ${ratio(figures["Encrypt-c16-floor"])})`,
        verdict(http, (v) => v >= 0.7),
      ],
      [
        "a warm Encrypt or Decrypt makes zero store calls",
        warmCalls === undefined
          ? "—"
          : `${warmCalls} calls over the warm cryptographic requests of section 3`,
        verdict(warmCalls, (v) => v === 0),
      ],
      [
        "HSM RSA-2048 signing through the handler ≥ 0.80 of raw pkcs11js (PKCS#1 and PSS, 1 and 4 callers)",
        `lowest of the two algorithms: ${ratio(hsm)} (1 caller), ${ratio(hsmN)} (4 callers)`,
        verdict(hsm === undefined || hsmN === undefined ? undefined : Math.min(hsm, hsmN), (v) => v >= 0.8),
      ],
      [
        "every function bundle imports cold in under 150 ms",
        cold === undefined ? "—" : `slowest ${millis(cold)} ms`,
        verdict(cold, (v) => v < 150),
      ],
    ],
  };
}
