/**
 * A sliding time window kept as a ring of fixed-width buckets: memory is `bucketCount` small records whatever the
 * sample rate, and old data falls out by itself (a bucket is reset when its slot is reused). Prometheus keeps
 * samples on disk for this; inside a process, aggregate on arrival and never keep raw samples.
 */

/** What the window knows about the samples it covers. */
export interface WindowAggregate {
  readonly count: number;
  readonly sum: number;
  /** Undefined when the window holds no sample. */
  readonly mean: number | undefined;
  readonly max: number | undefined;
  /** Samples strictly above the window's `aboveThreshold`. */
  readonly countAbove: number;
}

export interface BucketedWindowOptions {
  readonly windowMs: number;
  /** Resolution: more buckets, smoother edges, same bound. Default 12. */
  readonly bucketCount?: number;
  /** Samples above this are counted in `countAbove` (for "share of slow requests" rules). */
  readonly aboveThreshold?: number;
}

interface Bucket {
  start: number;
  count: number;
  sum: number;
  max: number;
  above: number;
}

// #region window
export class BucketedWindow {
  readonly windowMs: number;
  readonly bucketMs: number;
  readonly #buckets: Bucket[];
  readonly #aboveThreshold: number;

  constructor(options: BucketedWindowOptions) {
    const bucketCount = options.bucketCount ?? 12;
    if (!Number.isFinite(options.windowMs) || options.windowMs <= 0) {
      throw new RangeError(`windowMs must be a positive number of ms, got ${options.windowMs}`);
    }
    if (!Number.isInteger(bucketCount) || bucketCount < 1 || bucketCount > 10_000) {
      throw new RangeError(`bucketCount must be an integer from 1 to 10000, got ${bucketCount}`);
    }
    this.windowMs = options.windowMs;
    this.bucketMs = options.windowMs / bucketCount;
    this.#aboveThreshold = options.aboveThreshold ?? Number.POSITIVE_INFINITY;
    this.#buckets = Array.from({ length: bucketCount }, () => ({
      start: -Infinity,
      count: 0,
      sum: 0,
      max: -Infinity,
      above: 0,
    }));
  }

  /** Number of buckets held: the memory bound. */
  get bucketCount(): number {
    return this.#buckets.length;
  }

  /** Adds one sample observed at `at` (ms). O(1), no allocation. */
  record(value: number, at: number): void {
    if (!Number.isFinite(value)) return; // NaN would poison the sum for the whole window
    const slot = Math.floor(at / this.bucketMs);
    const bucket = this.#buckets[((slot % this.#buckets.length) + this.#buckets.length) % this.#buckets.length];
    if (bucket === undefined) return;
    const start = slot * this.bucketMs;
    if (bucket.start !== start) {
      if (bucket.start > start) return; // a sample older than the slot's data: too late to count
      bucket.start = start;
      bucket.count = 0;
      bucket.sum = 0;
      bucket.max = -Infinity;
      bucket.above = 0;
    }
    bucket.count += 1;
    bucket.sum += value;
    if (value > bucket.max) bucket.max = value;
    if (value > this.#aboveThreshold) bucket.above += 1;
  }

  /** Aggregates the buckets that overlap (now - windowMs, now]. */
  aggregate(now: number): WindowAggregate {
    let count = 0;
    let sum = 0;
    let max = -Infinity;
    let above = 0;
    for (const bucket of this.#buckets) {
      if (bucket.start + this.bucketMs <= now - this.windowMs || bucket.start > now) continue;
      count += bucket.count;
      sum += bucket.sum;
      above += bucket.above;
      if (bucket.max > max) max = bucket.max;
    }
    return {
      count,
      sum,
      mean: count === 0 ? undefined : sum / count,
      max: count === 0 ? undefined : max,
      countAbove: above,
    };
  }
}
// #endregion window
