// #region types
/** The heap measured right after a major (mark-compact) GC: what the program really keeps alive. */
export interface HeapSample {
  /** Milliseconds, any monotonic origin. */
  readonly at: number;
  readonly heapUsed: number;
}

export interface LeakVerdict {
  /** Growth of the post-GC heap across the window, in bytes. */
  readonly growthBytes: number;
  readonly bytesPerMinute: number;
  readonly samples: number;
  readonly windowMs: number;
}

/** Judges a full window of post-GC samples, oldest first: a verdict means "this looks like a leak". */
export type LeakRule = (samples: readonly HeapSample[]) => LeakVerdict | undefined;
// #endregion types

export interface FloorRuleOptions {
  /** Ignore growth smaller than this, in bytes. Default 8 MiB. */
  readonly minGrowthBytes?: number;
}

// #region floor-rule
/**
 * The post-GC floor rises in every quarter of the window. A sawtooth that returns to its baseline has a flat floor,
 * and a one-off step (a cache warming up) rises in one quarter only: neither raises an alarm.
 */
export function floorRisesRule({ minGrowthBytes = 8 * 1024 * 1024 }: FloorRuleOptions = {}): LeakRule {
  return (samples) => {
    if (samples.length < 4) return undefined;
    const quarter = Math.floor(samples.length / 4);
    const floors = [0, 1, 2, 3].map((q) =>
      Math.min(...samples.slice(q * quarter, q === 3 ? samples.length : (q + 1) * quarter).map((s) => s.heapUsed)),
    );
    const rising = floors.every((floor, q) => q === 0 || floor > floors[q - 1]!);
    const growthBytes = floors[3]! - floors[0]!;
    if (!rising || growthBytes < minGrowthBytes) return undefined;
    const windowMs = samples[samples.length - 1]!.at - samples[0]!.at;
    return {
      growthBytes,
      bytesPerMinute: windowMs > 0 ? (growthBytes * 60_000) / windowMs : 0,
      samples: samples.length,
      windowMs,
    };
  };
}
// #endregion floor-rule

export interface LeakDetectorOptions {
  /** Post-GC samples judged together. Default 12. */
  readonly windowSize?: number;
  readonly rule?: LeakRule;
}

/** Keeps the last `windowSize` post-GC samples and asks the rule once the window is full. */
export class LeakDetector {
  readonly windowSize: number;
  readonly #rule: LeakRule;
  #samples: HeapSample[] = [];

  constructor({ windowSize = 12, rule = floorRisesRule() }: LeakDetectorOptions = {}) {
    if (!Number.isInteger(windowSize) || windowSize < 4)
      throw new RangeError(`windowSize must be an integer >= 4, got ${windowSize}`);
    this.windowSize = windowSize;
    this.#rule = rule;
  }

  /**
   * Adds one sample; returns a verdict at most once per window (the window starts again after an alarm). A rule that
   * throws also starts the window again, so its error reaches the caller once per window, not on every GC.
   */
  add(sample: HeapSample): LeakVerdict | undefined {
    this.#samples.push(sample);
    if (this.#samples.length > this.windowSize) this.#samples.shift();
    if (this.#samples.length < this.windowSize) return undefined;
    let verdict: LeakVerdict | undefined;
    try {
      verdict = this.#rule(this.#samples);
    } catch (error) {
      this.#samples = [];
      throw error;
    }
    if (verdict) this.#samples = [];
    return verdict;
  }

  reset(): void {
    this.#samples = [];
  }
}
