/** The account the benchmarks act as. */
export const BENCH_ACCOUNT = "5555555555555555";

/**
 * The fixed AccessKey of the benchmark's local stack (a throw-away server on loopback, started and stopped by
 * `npm run bench`; never a real credential).
 */
export const BENCH_ACCESS_KEY = {
  accessKeyId: "KWBENCHACCESSKEY0001",
  secret: "bench-secret-for-loopback-only-0001",
} as const;
