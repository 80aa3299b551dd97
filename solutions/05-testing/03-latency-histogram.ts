/** Histogram settings: the worst relative error of a percentile, and the smallest value told apart from zero. */
export interface HistogramOptions {
  /** Default 0.01: a reported p99 of 100 ms means the true one is within 99..101 ms. */
  readonly relativeError?: number;
  /** Default 0.001 ms (1 microsecond): smaller values share the first bucket. */
  readonly minMs?: number;
}

/**
 * Latencies in logarithmic buckets (the DDSketch idea): bucket i holds values in (minMs*gamma^(i-1), minMs*gamma^i],
 * gamma = (1+e)/(1-e), so any value's bucket midpoint is within e of it. Memory grows with the range of values, not
 * their number: a million samples from 1 ms to 10 s fill under 500 buckets.
 */
export class LatencyHistogram {
  readonly relativeError: number;
  readonly minMs: number;
  readonly #gamma: number;
  readonly #logGamma: number;
  readonly #counts = new Map<number, number>();
  #count = 0;

  constructor(options: HistogramOptions = {}) {
    this.relativeError = options.relativeError ?? 0.01;
    this.minMs = options.minMs ?? 0.001;
    if (!(this.relativeError > 0 && this.relativeError < 1))
      throw new RangeError(`relativeError must be in (0, 1), not ${this.relativeError}`);
    if (!(this.minMs > 0)) throw new RangeError(`minMs must be > 0, not ${this.minMs}`);
    this.#gamma = (1 + this.relativeError) / (1 - this.relativeError);
    this.#logGamma = Math.log(this.#gamma);
  }

  get count(): number {
    return this.#count;
  }

  /** Non-empty buckets: the memory this histogram holds. */
  get bucketCount(): number {
    return this.#counts.size;
  }

  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`a latency must be a finite number of milliseconds >= 0, not ${ms}`);
    // Values <= minMs (0 too: its logarithm is -Infinity) share bucket 0.
    const index = Math.max(0, Math.ceil(Math.log(ms / this.minMs) / this.#logGamma));
    this.#counts.set(index, (this.#counts.get(index) ?? 0) + 1);
    this.#count += 1;
  }

  /** Nearest-rank percentile, within `relativeError` of the exact one; NaN when empty. */
  percentile(p: number): number {
    if (!(p > 0 && p <= 100)) throw new RangeError(`percentile p must be in (0, 100], not ${p}`);
    if (this.#count === 0) return Number.NaN;
    const rank = Math.ceil((p / 100) * this.#count);
    let seen = 0;
    let index = 0;
    // rank <= count, so the walk always stops at a bucket.
    for (index of [...this.#counts.keys()].sort((a, b) => a - b)) {
      seen += this.#counts.get(index)!;
      if (seen >= rank) break;
    }
    // The midpoint of (minMs*gamma^(i-1), minMs*gamma^i] in the relative sense: within relativeError of both ends.
    return index === 0 ? this.minMs : (this.minMs * 2 * this.#gamma ** index) / (this.#gamma + 1);
  }

  /** Adds another histogram's counts (e.g. one per worker); both must use the same settings. */
  merge(other: LatencyHistogram): void {
    if (other.relativeError !== this.relativeError || other.minMs !== this.minMs) {
      throw new RangeError(
        'cannot merge histograms with different relativeError or minMs: their buckets do not line up',
      );
    }
    for (const [index, n] of other.#counts) this.#counts.set(index, (this.#counts.get(index) ?? 0) + n);
    this.#count += other.#count;
  }
}
