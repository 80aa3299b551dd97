/** A port the application owns: where "now" comes from. Use cases take a Clock instead of calling `new Date()`. */
export interface Clock {
  now(): Date;
}

/** The production adapter: the machine's clock. */
export const systemClock: Clock = {
  now: () => new Date(),
};

/**
 * The test adapter: a clock that stands still until the test moves it, so a test of "expires after 15 minutes" needs
 * no waiting and no fake timers.
 *
 * @example
 * const clock = new FixedClock(new Date('2026-01-01T00:00:00Z'));
 * clock.advance(15 * 60_000);
 * clock.now(); // 2026-01-01T00:15:00.000Z
 */
export class FixedClock implements Clock {
  // A number, not the Date: a Date is mutable, and a caller holding it could move the clock.
  #ms: number;

  constructor(start: Date) {
    this.#ms = start.getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  advance(ms: number): void {
    if (!(Number.isFinite(ms) && ms >= 0)) {
      throw new RangeError(`advance() takes a finite, non-negative number of milliseconds, not ${ms}`);
    }
    this.#ms += ms;
  }
}
