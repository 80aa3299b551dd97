export interface SpeedUp {
  /** The median of the baseline's timings. */
  readonly baselineMedian: number;
  /** The median of the candidate's timings. */
  readonly candidateMedian: number;
  /** `baselineMedian / candidateMedian`: how many times faster the candidate is (below 1: slower). */
  readonly ratio: number;
}

function median(name: string, timings: readonly number[]): number {
  if (timings.length === 0) throw new RangeError(`${name} needs at least one timing`);
  const bad = timings.find((t) => !(Number.isFinite(t) && t > 0));
  if (bad !== undefined) throw new RangeError(`${name}: every timing must be a finite number > 0, got ${bad}`);
  const sorted = [...timings].sort((a, b) => a - b); // a copy: the caller's array stays as it was
  const middle = sorted.length >> 1;
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/** Compares two variants of a query, each timed several times on a noisy machine, by their medians. */
export function medianSpeedUp(baseline: readonly number[], candidate: readonly number[]): SpeedUp {
  const baselineMedian = median('baseline', baseline);
  const candidateMedian = median('candidate', candidate);
  return { baselineMedian, candidateMedian, ratio: baselineMedian / candidateMedian };
}
