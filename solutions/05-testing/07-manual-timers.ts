/** A callback waiting on a ManualTimers clock. */
export type TimerCallback = () => void;

interface Timer {
  readonly dueMs: number;
  readonly callback: TimerCallback;
}

function checkMilliseconds(what: string, ms: number): void {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`${what} must be a finite number of milliseconds >= 0, got ${ms}`);
}

/**
 * A clock with timers that a unit test moves by hand: code under test takes it instead of the global timers, and
 * "the retry fires after 30 seconds" becomes one `advance(30_000)`, with no waiting and the same result every run.
 */
export class ManualTimers {
  #nowMs: number;
  #lastId = 0;
  readonly #timers = new Map<number, Timer>();

  constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  get pending(): number {
    return this.#timers.size;
  }

  setTimeout(callback: TimerCallback, delayMs: number): number {
    checkMilliseconds('delay', delayMs);
    this.#lastId += 1;
    this.#timers.set(this.#lastId, { dueMs: this.#nowMs + delayMs, callback });
    return this.#lastId;
  }

  clearTimeout(id: number): void {
    this.#timers.delete(id);
  }

  advance(ms: number): void {
    checkMilliseconds('advance', ms);
    const targetMs = this.#nowMs + ms;
    for (let next = this.#earliestDue(targetMs); next; next = this.#earliestDue(targetMs)) {
      const [id, timer] = next;
      this.#timers.delete(id);
      this.#nowMs = timer.dueMs;
      timer.callback();
    }
    this.#nowMs = targetMs;
  }

  /** The timer due first by `targetMs`; among equal due times, the one set first (a Map keeps insertion order). */
  #earliestDue(targetMs: number): [number, Timer] | undefined {
    let earliest: [number, Timer] | undefined;
    for (const entry of this.#timers) {
      if (entry[1].dueMs <= targetMs && (earliest === undefined || entry[1].dueMs < earliest[1].dueMs))
        earliest = entry;
    }
    return earliest;
  }
}
