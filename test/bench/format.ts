/** Number formatting of the benchmark tables. */

/** An integer rate with thousands separators (`12,345`); `—` when not measured. */
export function rate(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  return Math.round(value).toLocaleString("en-US");
}

/** A ratio with two decimals (`0.42`); `—` when not measured. */
export function ratio(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  return value.toFixed(2);
}

/** Microseconds per operation of a rate (`83.1 µs`). */
export function micros(opsPerSecond: number | undefined): string {
  if (opsPerSecond === undefined || !Number.isFinite(opsPerSecond) || opsPerSecond <= 0) return "—";
  const us = 1e6 / opsPerSecond;
  return `${us >= 100 ? us.toFixed(0) : us.toFixed(1)} µs`;
}

/** Milliseconds with two decimals below 10, one below 100, none above. */
export function millis(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

/** Bytes as KiB with one decimal. */
export function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}
