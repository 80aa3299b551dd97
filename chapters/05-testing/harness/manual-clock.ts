/**
 * A clock a test moves by hand. The app reads time only through it, so "the token expired" is one `advance()`,
 * not a five-minute sleep, and the same test gives the same answer at any hour.
 *
 * @example
 * const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
 * clock.advance(6 * 60_000); // six minutes later, instantly
 */
export class ManualClock {
  #epochMs: number;

  constructor(start: Date = new Date('2030-01-01T00:00:00.000Z')) {
    this.#epochMs = start.getTime();
  }

  /** The current time as a Date (for use cases that take `now: () => Date`). */
  now(): Date {
    return new Date(this.#epochMs);
  }

  /** The current time in milliseconds (for code that takes `now: () => number`, like the token service). */
  epochMs(): number {
    return this.#epochMs;
  }

  /** Moves time forward; refuses to go backwards, which no real clock a test relies on would do. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`advance() takes a finite number of milliseconds >= 0, not ${ms}`);
    this.#epochMs += ms;
  }
}
