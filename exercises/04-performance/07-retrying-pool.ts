import type { WorkerCrashedError } from '../../chapters/04-performance/pool-errors.js';
import type { PoolTask, WorkerPoolPort } from '../../chapters/04-performance/worker-pool.js';
import { TodoError } from '../../workbook/todo-error.js';

export interface RetryingPoolOptions {
  /** Extra attempts after a crash. 0 means none. */
  readonly retries: number;
  /** Told about each retry, e.g. to log or count it. */
  readonly onRetry?: (info: {
    readonly attempt: number;
    readonly error: WorkerCrashedError;
    readonly task: PoolTask;
  }) => void;
}

/**
 * A pool that runs a task again when its thread crashed, up to `retries` times. Only crashes are retried: a task that
 * threw, timed out, was aborted or found the queue full would fail the same way again, or was stopped on purpose.
 * Use it for idempotent tasks only.
 */
export function createRetryingPool(_inner: WorkerPoolPort, _options: RetryingPoolOptions): WorkerPoolPort {
  // TODO(04.7): return a WorkerPoolPort over `inner`:
  // - run(task) answers what `inner` answers for the task. When that is a WorkerCrashedError (pool-errors.ts), the task
  //   runs again, at most `retries` more times; the last crash is what the caller gets if every attempt crashes.
  // - Before each retry, onRetry (when given) hears { attempt, error, task }: `attempt` is 1 for the first attempt,
  //   the one that crashed, and `error` that crash.
  // - Any other error, and any error once task.signal has aborted, reaches the caller at once, the same object.
  // - destroy() destroys `inner`. A `retries` that is not a whole number >= 0 is a RangeError naming it, at once.
  throw new TodoError('04.7');
}
