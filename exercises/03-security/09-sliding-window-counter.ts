import { TodoError } from '../../workbook/todo-error.js';

/** The two Redis commands the counter may send; an ioredis client has both. */
export interface ScriptRunner {
  evalsha(sha1: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numberOfKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface SlidingWindowCounterOptions {
  readonly redis: ScriptRunner;
  /** Hits allowed per window: a whole number >= 1. */
  readonly limit: number;
  /** The window in milliseconds: a whole number >= 1. */
  readonly windowMs: number;
  /** Prepended to every Redis key the counter writes. Defaults to `'swc:'`. */
  readonly prefix?: string;
  /** The clock in ms since the epoch; defaults to `Date.now`. Every process sharing a Redis must agree on it. */
  readonly now?: () => number;
}

export interface CounterDecision {
  readonly allowed: boolean;
  /** How many more hits on this key would be allowed at the same instant; 0 when refused. */
  readonly remaining: number;
}

/**
 * A sliding-window counter on Redis: the memory of a fixed window (a counter or two per key), with nearly the accuracy
 * of a sliding log.
 *
 * What it decides. Time is cut into fixed windows of `windowMs`, starting at multiples of `windowMs` since the epoch.
 * A hit at time `t` sees the hits already allowed in its own fixed window, plus those allowed in the window before it
 * weighted by the share of that earlier window still inside the last `windowMs` before `t` (at a quarter of the way
 * into the current window, three quarters of the earlier window's hits still count). The hit is allowed when that sum,
 * plus itself, is at most `limit`. A refused hit is not counted. Keys are independent of each other.
 *
 * How it must behave on Redis.
 * - Exact under concurrency: any number of simultaneous `hit` calls, from any number of processes, allow exactly as
 *   many hits as the rule above allows.
 * - The script is run by its SHA1 (EVALSHA); its text goes over the wire only when Redis answers that it does not
 *   know the script (NOSCRIPT: first use, a restarted Redis, a SCRIPT FLUSH), and that hit still gets its answer,
 *   counted once. Any other error from Redis rejects `hit` with that same error.
 * - Every key it writes starts with `prefix` and expires within two windows.
 *
 * A `limit` or `windowMs` that is not a whole number >= 1 is a RangeError from the constructor.
 */
export class SlidingWindowCounter {
  constructor(_options: SlidingWindowCounterOptions) {
    // TODO(03.9): check the options and keep what `hit` needs.
    throw new TodoError('03.9');
  }

  async hit(_key: string): Promise<CounterDecision> {
    // TODO(03.9): decide one hit on `key`, as described on the class.
    throw new TodoError('03.9');
  }
}
