import { WorkerCrashedError } from '../../chapters/04-performance/pool-errors.js';
import type { PoolTask, WorkerPoolPort } from '../../chapters/04-performance/worker-pool.js';

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
export function createRetryingPool(inner: WorkerPoolPort, { retries, onRetry }: RetryingPoolOptions): WorkerPoolPort {
  if (!Number.isInteger(retries) || retries < 0)
    throw new RangeError(`retries must be a whole number >= 0, got ${retries}`);
  return {
    async run<R = unknown>(task: PoolTask): Promise<R> {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await inner.run<R>(task);
        } catch (error) {
          const retryable = error instanceof WorkerCrashedError && attempt <= retries && !task.signal?.aborted;
          if (!retryable) throw error;
          onRetry?.({ attempt, error, task });
        }
      }
    },
    destroy: () => inner.destroy(),
  };
}
