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
    // TODO(04.2): concurrent callers of one key share one load(signal); each gets its value or its error (a load that
    // throws before returning a promise is an error too). A caller whose own signal aborts is rejected at once with
    // signal.reason; the others keep waiting (a caller without a signal waits to the end). When the last waiter has
    // gone, the load's signal aborts and the key is free; a load that has finished is never aborted (signals that abort
    // after a caller got its answer change nothing). An already-aborted signal rejects without starting anything.
    // Once a key's load has settled or been abandoned, the next caller starts a fresh one, and nothing the old load
    // does later (settling, a waiter aborting late) disturbs the newer load of that key.
    throw new TodoError('04.2');
  }
}
