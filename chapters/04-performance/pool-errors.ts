import { PerformanceError } from './performance-error.js';

/** A task's module path or URL, shortened for messages: `tasks/fib.ts`. */
export function taskName(href: string): string {
  return href
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
}

/** A task argument the pool cannot send: a function, a relative path, data that cannot be cloned. */
export class PoolTaskArgumentError extends PerformanceError {
  readonly code = 'POOL_BAD_TASK';
}

/** The task's module could not be loaded, or has no default export function. */
export class TaskModuleError extends PerformanceError {
  readonly code = 'POOL_TASK_MODULE';
}

/** The task's function threw or rejected; `name`, `message` and `stack` are the original error's. */
export class TaskFailedError extends PerformanceError {
  readonly code = 'POOL_TASK_FAILED';

  constructor(
    readonly task: string,
    readonly original: { readonly name: string; readonly message: string; readonly stack?: string | undefined },
  ) {
    super(`task ${task} threw ${original.name}: ${original.message}`);
    if (original.stack) this.stack = `${this.name}: ${this.message}\n    in the worker: ${original.stack}`;
  }
}

/** The worker running the task died (process.exit, an uncaught error, out of memory) before answering. */
export class WorkerCrashedError extends PerformanceError {
  readonly code = 'POOL_WORKER_CRASHED';
}

export class TaskTimeoutError extends PerformanceError {
  readonly code = 'POOL_TASK_TIMEOUT';
}

/** The caller's AbortSignal fired; `cause` is the signal's reason. */
export class TaskAbortedError extends PerformanceError {
  readonly code = 'POOL_TASK_ABORTED';
}

export class QueueFullError extends PerformanceError {
  readonly code = 'POOL_QUEUE_FULL';
}

export class PoolDestroyedError extends PerformanceError {
  readonly code = 'POOL_DESTROYED';
}
