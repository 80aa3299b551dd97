/** What one part of a system needs, as far as the decision to run it as its own service goes. */
export interface PartProfile {
  /** Shown in error messages: `'billing'`. */
  readonly name: string;
  /** What its load follows: `'requests'`, `'cpu-bursts'`, `'nightly-batch'`. */
  readonly scalesWith: string;
  /** The team that owns and releases it. */
  readonly owner: string;
  /** How long its work may lag behind the event that caused it, in seconds; 0 means it must happen at once. */
  readonly maxLagSeconds: number;
}

/** The three reasons the chapter accepts for paying the price of a second service. */
export type SplitReason = 'scaling' | 'ownership' | 'failure-tolerance';

function checkLag(part: PartProfile): void {
  if (!Number.isFinite(part.maxLagSeconds) || part.maxLagSeconds < 0) {
    throw new RangeError(`${part.name}: maxLagSeconds must be a finite number >= 0, got ${part.maxLagSeconds}`);
  }
}

/**
 * The reasons to run parts `a` and `b` as two services instead of two modules of one modular monolith; an empty list
 * means "keep them together".
 */
export function splitReasons(a: PartProfile, b: PartProfile): SplitReason[] {
  checkLag(a);
  checkLag(b);
  const reasons: SplitReason[] = [];
  if (a.scalesWith !== b.scalesWith) reasons.push('scaling');
  if (a.owner !== b.owner) reasons.push('ownership');
  if (a.maxLagSeconds > 0 !== b.maxLagSeconds > 0) reasons.push('failure-tolerance');
  return reasons;
}
