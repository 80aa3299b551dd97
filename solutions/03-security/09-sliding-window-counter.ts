import { createHash } from 'node:crypto';

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

// KEYS: this window's counter, the previous window's. ARGV: limit, window, ms elapsed in this window.
// Everything is scaled by the window so the weighting stays in integers: no rounding, in Lua 5.1 or 5.3.
const SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local used = (current + 1) * window + previous * (window - tonumber(ARGV[3]))
if used > limit * window then
  return {0, 0}
end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], 2 * window)
return {1, math.floor((limit * window - used) / window)}
`;

const isWhole = (value: number): boolean => Number.isInteger(value) && value >= 1;

/** A sliding-window counter on Redis: two fixed-window counters per key, the older one weighted by its overlap. */
export class SlidingWindowCounter {
  readonly #redis: ScriptRunner;
  readonly #sha1 = createHash('sha1').update(SCRIPT).digest('hex');
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #prefix: string;
  readonly #now: () => number;

  constructor(options: SlidingWindowCounterOptions) {
    if (!isWhole(options.limit)) throw new RangeError(`limit must be a whole number >= 1, not ${options.limit}`);
    if (!isWhole(options.windowMs))
      throw new RangeError(`windowMs must be a whole number >= 1, not ${options.windowMs}`);
    this.#redis = options.redis;
    this.#limit = options.limit;
    this.#windowMs = options.windowMs;
    this.#prefix = options.prefix ?? 'swc:';
    this.#now = options.now ?? Date.now;
  }

  async hit(key: string): Promise<CounterDecision> {
    const now = this.#now();
    const window = Math.floor(now / this.#windowMs);
    const keys = [`${this.#prefix}${key}:${window}`, `${this.#prefix}${key}:${window - 1}`];
    const args = [...keys, this.#limit, this.#windowMs, now - window * this.#windowMs];
    const [allowed, remaining] = (await this.#run(args)) as [number, number];
    return { allowed: allowed === 1, remaining };
  }

  async #run(args: (string | number)[]): Promise<unknown> {
    try {
      return await this.#redis.evalsha(this.#sha1, 2, ...args);
    } catch (error) {
      if (!String(error).includes('NOSCRIPT')) throw error;
      // EVAL runs the script once and caches it, so the next call's EVALSHA finds it.
      return this.#redis.eval(SCRIPT, 2, ...args);
    }
  }
}
