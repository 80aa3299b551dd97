import type { ShutdownSignal } from '../../chapters/08-production/graceful-shutdown.js';

export type { ShutdownSignal };

/** What the process should do about a signal it just received. */
export type SignalDecision = 'start-shutdown' | 'ignore-duplicate' | 'force-exit';

/** Tells the first signal, a terminal's duplicate of it, and an operator's genuine second signal apart. */
export class SignalArbiter {
  readonly #windowMs: number;
  #first: { readonly signal: ShutdownSignal; readonly at: number } | undefined;

  constructor(duplicateWindowMs: number) {
    if (!Number.isFinite(duplicateWindowMs) || duplicateWindowMs < 0) {
      throw new RangeError(`duplicateWindowMs must be 0 or more milliseconds, got ${duplicateWindowMs}`);
    }
    this.#windowMs = duplicateWindowMs;
  }

  receive(signal: ShutdownSignal, now: number): SignalDecision {
    if (this.#first === undefined) {
      this.#first = { signal, at: now };
      return 'start-shutdown';
    }
    const duplicate = signal === this.#first.signal && now - this.#first.at < this.#windowMs;
    return duplicate ? 'ignore-duplicate' : 'force-exit';
  }
}
