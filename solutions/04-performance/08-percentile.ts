/** The nearest-rank percentile of `samples` (p in (0, 100]); the caller's array is not reordered. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('the percentile of no samples is undefined: measure first');
  if (!(p > 0 && p <= 100)) throw new RangeError(`p must be greater than 0 and at most 100, not ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  // Multiply before dividing: (99 * 100) / 100 is exactly 99, while 0.99 * 100 need not be.
  return sorted[Math.ceil((p * sorted.length) / 100) - 1]!;
}
