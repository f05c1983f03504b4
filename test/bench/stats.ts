/** The `q` quantile (0..1) of ascending `sorted` values, nearest rank; NaN when there are none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median of some values (copied, then sorted); NaN when there are none. */
export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/**
 * Operations per second of a synchronous or asynchronous operation, run back to back: a warm-up of `warmupMs`,
 * then `rounds` timed rounds of `roundMs` each, the median round reported (robust to a neighbour's burst on a
 * shared machine). `op(i)` receives a running index.
 */
export async function opsPerSecond(
  op: (i: number) => unknown,
  options: { roundMs?: number; rounds?: number; warmupMs?: number } = {},
): Promise<number> {
  const roundMs = options.roundMs ?? 400;
  const rounds = options.rounds ?? 3;
  let i = 0;
  const runFor = async (ms: number): Promise<number> => {
    let count = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ms) {
      // Check the clock every 8 calls so very fast primitives are not dominated by performance.now().
      for (let k = 0; k < 8; k++) {
        const result = op(i++);
        if (result instanceof Promise) await result;
      }
      count += 8;
      elapsed = performance.now() - start;
    }
    return (count * 1000) / elapsed;
  };
  await runFor(options.warmupMs ?? 150);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) rates.push(await runFor(roundMs));
  return median(rates);
}

/**
 * Runs measurements in turn `times` times (a, b, c, a, b, c, ...) so that a change in the machine's load affects
 * all alike, and returns the median of each.
 */
export async function alternateAll(
  times: number,
  measurements: readonly (() => Promise<number>)[],
): Promise<number[]> {
  const results = measurements.map((): number[] => []);
  for (let i = 0; i < times; i++) {
    for (const [index, measure] of measurements.entries()) results[index]?.push(await measure());
  }
  return results.map(median);
}

/** alternateAll of two measurements. */
export async function alternate(
  times: number,
  a: () => Promise<number>,
  b: () => Promise<number>,
): Promise<[number, number]> {
  const [first, second] = await alternateAll(times, [a, b]);
  return [first as number, second as number];
}
