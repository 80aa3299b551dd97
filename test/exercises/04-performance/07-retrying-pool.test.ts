import { afterEach, describe, expect, it } from 'vitest';
import {
  QueueFullError,
  TaskAbortedError,
  TaskFailedError,
  TaskTimeoutError,
  WorkerCrashedError,
} from '../../../chapters/04-performance/pool-errors.js';
import {
  createWorkerPool,
  type PoolTask,
  type WorkerPool,
  type WorkerPoolPort,
} from '../../../chapters/04-performance/worker-pool.js';
import { createRetryingPool } from '#exercise/04-performance/07-retrying-pool';
import { slowTimeout } from '../../support/slow-tests.js';

/** A pool that fails with the given errors, in order, then answers 'done'; it records every task it was given. */
function scriptedPool(failures: Error[]): WorkerPoolPort & { calls: PoolTask[]; destroyed: boolean } {
  const pool = {
    calls: [] as PoolTask[],
    destroyed: false,
    run: async <R>(task: PoolTask): Promise<R> => {
      pool.calls.push(task);
      const failure = failures.shift();
      if (failure) throw failure;
      return 'done' as R;
    },
    destroy: async () => {
      pool.destroyed = true;
    },
  };
  return pool;
}

const task: PoolTask = { module: '/tasks/render-invoice.js', data: { invoice: 7 } };
const crash = (): WorkerCrashedError =>
  new WorkerCrashedError('the thread running render-invoice.js exited with code 134');

describe('04.7 a pool that retries tasks whose thread crashed', () => {
  it('runs a task again after a crash and returns its result', async () => {
    const inner = scriptedPool([crash()]);
    const retries: number[] = [];
    const pool = createRetryingPool(inner, { retries: 2, onRetry: ({ attempt }) => retries.push(attempt) });
    await expect(pool.run(task)).resolves.toBe('done');
    expect(inner.calls).toEqual([task, task]);
    expect(retries).toEqual([1]);
  });

  it('tells onRetry the attempt that crashed, its error and the task, before each retry', async () => {
    const [first, second] = [crash(), crash()];
    const inner = scriptedPool([first, second]);
    const seen: { attempt: number; error: WorkerCrashedError; task: PoolTask; callsSoFar: number }[] = [];
    const pool = createRetryingPool(inner, {
      retries: 5,
      onRetry: (info) => seen.push({ ...info, callsSoFar: inner.calls.length }),
    });
    await expect(pool.run(task)).resolves.toBe('done');
    expect(seen).toEqual([
      { attempt: 1, error: first, task, callsSoFar: 1 },
      { attempt: 2, error: second, task, callsSoFar: 2 },
    ]);
  });

  it('with retries 0 runs the task once and passes the crash on', async () => {
    const only = crash();
    const inner = scriptedPool([only]);
    const retried: number[] = [];
    await expect(
      createRetryingPool(inner, { retries: 0, onRetry: ({ attempt }) => retried.push(attempt) }).run(task),
    ).rejects.toBe(only);
    expect(inner.calls).toHaveLength(1);
    expect(retried).toEqual([]);
  });

  it('gives up after `retries` extra attempts with the last crash', async () => {
    const last = crash();
    const inner = scriptedPool([crash(), crash(), last]);
    const pool = createRetryingPool(inner, { retries: 2 });
    await expect(pool.run(task)).rejects.toBe(last);
    expect(inner.calls).toHaveLength(3);
  });

  it.each([
    ['a task that threw', new TaskFailedError('render-invoice.js', { name: 'RangeError', message: 'no lines' })],
    ['a timeout', new TaskTimeoutError('render-invoice.js did not finish within 100 ms')],
    ['an abort', new TaskAbortedError('render-invoice.js was aborted')],
    ['a full queue', new QueueFullError('the queue is full')],
  ])('never retries %s', async (_name, error) => {
    const inner = scriptedPool([error]);
    const pool = createRetryingPool(inner, { retries: 3 });
    await expect(pool.run(task)).rejects.toBe(error);
    expect(inner.calls).toHaveLength(1);
  });

  it('does not retry once the caller has aborted', async () => {
    const inner = scriptedPool([crash()]);
    const pool = createRetryingPool(inner, { retries: 3 });
    await expect(pool.run({ ...task, signal: AbortSignal.abort() })).rejects.toThrow(WorkerCrashedError);
    expect(inner.calls).toHaveLength(1);
  });

  it('destroys the pool it wraps, and refuses a negative or fractional retry count', async () => {
    const inner = scriptedPool([]);
    await createRetryingPool(inner, { retries: 1 }).destroy();
    expect(inner.destroyed).toBe(true);
    expect(() => createRetryingPool(inner, { retries: -1 })).toThrow(RangeError);
    expect(() => createRetryingPool(inner, { retries: 0.5 })).toThrow(RangeError);
    expect(() => createRetryingPool(inner, { retries: 0.5 })).toThrow('0.5');
  });

  describe('over the chapter pool', () => {
    let real: WorkerPool | undefined;
    afterEach(async () => {
      await real?.destroy();
    });

    it(
      'survives two real thread crashes and keeps the pool at its size',
      { timeout: slowTimeout(15_000) },
      async () => {
        real = createWorkerPool({ size: 2 });
        const pool = createRetryingPool(real, { retries: 2 });
        const attempts = new SharedArrayBuffer(4);
        const module = new URL('./fixtures/crash-first-attempts.ts', import.meta.url);
        await expect(pool.run({ module, data: { attempts, crashes: 2, value: 'invoice 7' } })).resolves.toBe(
          'invoice 7 after 3 attempts',
        );
        expect(real.stats()).toMatchObject({ threads: 2, crashes: 2 });
      },
    );
  });
});
