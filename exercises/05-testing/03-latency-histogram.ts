import { TodoError } from '../../workbook/todo-error.js';

/** Histogram settings: the worst relative error of a percentile, and the smallest value told apart from zero. */
export interface HistogramOptions {
  /** Default 0.01: a reported p99 of 100 ms means the true one is within 99..101 ms. */
  readonly relativeError?: number;
  /** Default 0.001 ms (1 microsecond): smaller values share the first bucket. */
  readonly minMs?: number;
}

/**
 * Latencies in buckets whose memory grows with the range of the values, not their number, and whose percentiles are
 * within `relativeError` of the exact ones.
 */
export class LatencyHistogram {
  readonly relativeError: number;
  readonly minMs: number;

  // TODO(05.3): keep the settings (defaults above); a relativeError outside (0, 1) (exclusive at both ends) or a
  // minMs that is not > 0 throws a RangeError naming the option.
  constructor(options: HistogramOptions = {}) {
    this.relativeError = options.relativeError ?? 0.01;
    this.minMs = options.minMs ?? 0.001;
    throw new TodoError('05.3');
  }

  // TODO(05.3): the number of values recorded.
  get count(): number {
    throw new TodoError('05.3');
  }

  // TODO(05.3): the number of buckets holding at least one value: the memory in use. It depends on the range of the
  // values and on relativeError, never on how many were recorded: with relativeError 0.01, any number of values from
  // 1 ms to 10 s fill fewer than 500.
  get bucketCount(): number {
    throw new TodoError('05.3');
  }

  // TODO(05.3): record one latency in milliseconds; 0 is fine, NaN, infinities and negatives throw a RangeError that
  // names the value.
  record(_ms: number): void {
    throw new TodoError('05.3');
  }

  // TODO(05.3): the nearest-rank p-th percentile (as percentile() in chapters/05-testing/load-gate/percentile.ts
  // computes it from every value) within relativeError of the exact one; minMs when it falls among values <= minMs.
  // NaN when nothing was recorded; a p outside (0, 100] throws a RangeError that names it.
  percentile(_p: number): number {
    throw new TodoError('05.3');
  }

  // TODO(05.3): add the other histogram's values to this one, as if they had been recorded here (the other one is
  // left as it was). When its relativeError or minMs differs from this one's, throw a RangeError naming the setting.
  merge(_other: LatencyHistogram): void {
    throw new TodoError('05.3');
  }
}
