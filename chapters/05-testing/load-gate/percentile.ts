/**
 * The nearest-rank percentile of samples sorted ascending: the smallest sample with at least p% of the samples at
 * or below it. It is always a value that was measured (no interpolation between two requests), and NaN for no samples.
 *
 * @example
 * percentile([10, 20, 30, 40], 50); // 20
 */
export function percentile(sortedAscending: ArrayLike<number>, p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile p must be in (0, 100], not ${p}`);
  const n = sortedAscending.length;
  if (n === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * n);
  return sortedAscending[Math.min(n, Math.max(1, rank)) - 1]!;
}

/** Mean, percentiles and max of latencies in milliseconds (NaN when there are none). */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** Summarises latencies (any order). Sorts a copy: a run of a few hundred thousand samples sorts in milliseconds. */
export function summarizeLatencies(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    mean: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
  };
}
