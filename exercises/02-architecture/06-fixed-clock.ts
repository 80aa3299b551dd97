import { TodoError } from '../../workbook/todo-error.js';

/** A port the application owns: where "now" comes from. Use cases take a Clock instead of calling `new Date()`. */
export interface Clock {
  now(): Date;
}

/** The production adapter: the machine's clock. */
export const systemClock: Clock = {
  now: () => {
    // TODO(02.6): the current time of the machine, as a new Date on every call.
    throw new TodoError('02.6');
  },
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
  // TODO(02.6): the contract of the fake:
  // - now() returns the time given to the constructor until advance() moves it; advance(ms) moves it forward by ms,
  //   and moves add up;
  // - nobody outside can move it: changing the Date passed to the constructor, or a Date that now() returned, leaves
  //   the clock where it was;
  // - advance() refuses a negative, NaN or infinite amount with a RangeError whose message contains "non-negative"
  //   (time in this fake never goes back); advance(0) is allowed and changes nothing.
  constructor(_start: Date) {
    throw new TodoError('02.6');
  }

  now(): Date {
    throw new TodoError('02.6');
  }

  advance(_ms: number): void {
    throw new TodoError('02.6');
  }
}
