import type { WorkerCrashedError } from '../../chapters/04-performance/pool-errors.js';
import type { PoolTask, WorkerPoolPort } from '../../chapters/04-performance/worker-pool.js';
import { TodoError } from '../../workbook/todo-error.js';

export interface RetryingPoolOptions {
  /** Extra attempts after a crash. 0 means none. */
  readonly retries: number;
  /** Told about each retry, e.g. to log or count it. */
  readonly onRetry?: (info: { readonly attempt: number; readonly error: WorkerCrashedError; readonly task: PoolTask }) => void;
}

/**
 * A pool that runs a task again when its thread crashed, up to `retries` times. Only crashes are retried: a task that
 * threw, timed out, was aborted or found the queue full would fail the same way again, or was stopped on purpose.
 * Use it for idempotent tasks only.
 */
export function createRetryingPool(_inner: WorkerPoolPort, _options: RetryingPoolOptions): WorkerPoolPort {
  // TODO(04.7): return a WorkerPoolPort whose run() calls inner.run(task) and, when that rejects with a
  // WorkerCrashedError (chapters/04-performance/pool-errors.ts), tries again up to `retries` more times, calling
  // onRetry({ attempt, error, task }) before each retry. Any other error, or an aborted task.signal, is passed on at
  // once. destroy() destroys the inner pool. A retries value that is not a whole number >= 0 throws a RangeError.
  throw new TodoError('04.7');
}
