import { TodoError } from '../../workbook/todo-error.js';

/**
 * The chapter's SingleFlight, where each caller may stop waiting with its own AbortSignal. One caller giving up does
 * not cancel the load for the others; when the last waiter gives up, the load's signal aborts and the key is freed.
 */
export class AbortableSingleFlight<T> {
  /** How many keys are loading right now. */
  get size(): number {
    // TODO(04.2): count the keys whose load is still wanted by at least one waiter.
    throw new TodoError('04.2');
  }

  run(_key: string, _load: (signal: AbortSignal) => Promise<T>, _signal?: AbortSignal): Promise<T> {
    // TODO(04.2): share one load(signal) per key among concurrent callers. A caller whose own signal aborts is
    // rejected at once with signal.reason; the others keep waiting. When the last waiter has gone, abort the load's
    // signal and free the key. An already-aborted signal rejects without starting anything.
    throw new TodoError('04.2');
  }
}
