import { TodoError } from '../../workbook/todo-error.js';

/** Histogram settings: the worst relative error of a percentile, and the smallest value told apart from zero. */
export interface HistogramOptions {
  /** Default 0.01: a reported p99 of 100 ms means the true one is within 99..101 ms. */
  readonly relativeError?: number;
  /** Default 0.001 ms (1 microsecond): smaller values share the first bucket. */
  readonly minMs?: number;
}

/**
 * Latencies in logarithmic buckets: memory grows with the range of values, not their number.
 */
export class LatencyHistogram {
  readonly relativeError: number;
  readonly minMs: number;

  // TODO(05.3): validate the options (relativeError in (0, 1), minMs > 0, else RangeError) and keep what the
  // methods need: gamma = (1 + e) / (1 - e), its logarithm, a Map from bucket index to count, and the total count.
  constructor(options: HistogramOptions = {}) {
    this.relativeError = options.relativeError ?? 0.01;
    this.minMs = options.minMs ?? 0.001;
  }

  // TODO(05.3): the number of values recorded.
  get count(): number {
    throw new TodoError('05.3');
  }

  // TODO(05.3): the number of non-empty buckets.
  get bucketCount(): number {
    throw new TodoError('05.3');
  }

  // TODO(05.3): RangeError for NaN, infinities and negatives. Bucket index: 0 for ms <= minMs, else
  // ceil(log(ms / minMs) / log(gamma)).
  record(_ms: number): void {
    throw new TodoError('05.3');
  }

  // TODO(05.3): RangeError for p outside (0, 100]; NaN when empty. Nearest rank: rank = ceil(p/100 * count); walk the
  // buckets in index order until the running count reaches rank; return minMs for bucket 0, else the bucket's
  // midpoint minMs * 2 * gamma^i / (gamma + 1), which is within relativeError of every value in the bucket.
  percentile(_p: number): number {
    throw new TodoError('05.3');
  }

  // TODO(05.3): add the other histogram's counts; RangeError when relativeError or minMs differ.
  merge(_other: LatencyHistogram): void {
    throw new TodoError('05.3');
  }
}
