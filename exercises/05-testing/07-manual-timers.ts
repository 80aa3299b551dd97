import { TodoError } from '../../workbook/todo-error.js';

/** A callback waiting on a ManualTimers clock. */
export type TimerCallback = () => void;

/**
 * A clock with timers that a unit test moves by hand: code under test takes it instead of the global timers, and
 * "the retry fires after 30 seconds" becomes one `advance(30_000)`, with no waiting and the same result every run.
 */
export class ManualTimers {
  // TODO(05.7): the clock starts at `startMs` (default 0) and moves only when advance() is called.
  constructor(_startMs = 0) {}

  // TODO(05.7): the clock's current time in milliseconds.
  now(): number {
    throw new TodoError('05.7');
  }

  // TODO(05.7): how many timers are set and have neither fired nor been cleared.
  get pending(): number {
    throw new TodoError('05.7');
  }

  // TODO(05.7): arrange for `callback` to run once, when the clock reaches now() + delayMs (0 is allowed: it runs on
  // the next advance, even advance(0)). Returns an id: a whole number > 0, as in a browser, that no other timer of
  // this clock has. A delay that is negative, NaN or infinite throws a RangeError
  // `delay must be a finite number of milliseconds >= 0, got <delayMs>`.
  setTimeout(_callback: TimerCallback, _delayMs: number): number {
    throw new TodoError('05.7');
  }

  // TODO(05.7): the timer with this id never runs; an unknown or already fired id is ignored.
  clearTimeout(_id: number): void {
    throw new TodoError('05.7');
  }

  // TODO(05.7): move the clock forward by `ms`, running every timer that falls due by the new time:
  // - earliest due first; timers due at the same time in the order they were set;
  // - while a callback runs, now() reads that timer's due time; afterwards now() is the start time + ms;
  // - a timer set by a callback runs in the same advance when it falls due by the new time;
  // - a timer due 1 ms after the new time does not run;
  // - `ms` negative, NaN or infinite throws a RangeError `advance must be a finite number of milliseconds >= 0, got <ms>`
  //   and changes nothing.
  advance(_ms: number): void {
    throw new TodoError('05.7');
  }
}
