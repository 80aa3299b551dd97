import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  PoolDestroyedError,
  PoolTaskArgumentError,
  QueueFullError,
  TaskAbortedError,
  TaskFailedError,
  TaskModuleError,
  TaskTimeoutError,
  WorkerCrashedError,
} from '../../../chapters/04-performance/pool-errors.js';
import {
  createWorkerPool,
  type PoolTask,
  type WorkerPool,
  type WorkerPoolOptions,
} from '../../../chapters/04-performance/worker-pool.js';

const run = promisify(execFile);
/**
 * Every test here starts real threads under tsx, and some start child processes or the TypeScript compiler: a few
 * hundred ms each on a quiet machine, seconds at a load average of 20 on 2 cores (measured here). A generous fixed
 * bound, not a speed requirement; child processes get a little less, so a hang reports as theirs.
 */
const SLOW_MS = 60_000;
const CHILD_MS = 50_000;
const task = (name: string): URL => new URL(`./fixtures/tasks/${name}.ts`, import.meta.url);
const fibonacci = new URL('../../../chapters/04-performance/tasks/fibonacci.ts', import.meta.url);
const echo = new URL('../../../chapters/04-performance/tasks/echo.ts', import.meta.url);

// Captured before any test fakes the clock: polling must keep real time.
const realSetTimeout = globalThis.setTimeout;

const pools: WorkerPool[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(pools.splice(0).map((pool) => pool.destroy()));
});
function openPool(options: WorkerPoolOptions = {}): WorkerPool {
  const pool = createWorkerPool({ size: 2, ...options });
  pools.push(pool);
  return pool;
}

describe('WorkerPool', { timeout: SLOW_MS }, () => {
  it('runs a TypeScript task module and returns its result', async () => {
    const pool = openPool();
    await expect(pool.run({ module: fibonacci, data: 20 })).resolves.toBe(6765);
  });

  it('gives every promise its own result when tasks finish out of order and more arrive meanwhile', async () => {
    // The schedule that broke the guide's pool: a thread frees up, takes the next queued task, and new tasks arrive
    // at the same moment. Each answer must reach the promise of the task that produced it.
    const pool = openPool();
    const delays = [30, 5, 20, 1, 15, 0, 25, 3, 10, 2];
    const second: Promise<number>[] = [];
    const first = delays.map((delayMs, value) =>
      pool.run<number>({ module: task('delayed-echo'), data: { value, delayMs } }).then((result) => {
        second.push(
          pool.run<number>({
            module: task('delayed-echo'),
            data: { value: 100 + value, delayMs: delays[(value + 3) % 10]! },
          }),
        );
        return result;
      }),
    );
    expect(await Promise.all(first)).toEqual(delays.map((_, value) => value));
    const later = await Promise.all(second);
    expect([...later].sort((a, b) => a - b)).toEqual(delays.map((_, value) => 100 + value));
  });

  it('rejects only the task whose thread crashed, replaces the thread and stays at its size', async () => {
    const pool = openPool();
    const others = [1, 2, 3].map((value) => pool.run({ module: task('delayed-echo'), data: { value, delayMs: 50 } }));
    const crashed = pool.run({ module: task('crash'), data: 'exit' });
    await expect(crashed).rejects.toThrow(WorkerCrashedError);
    await expect(crashed).rejects.toThrow(/the thread running tasks\/crash\.ts exited with code 3 before it answered/);
    await expect(Promise.all(others)).resolves.toEqual([1, 2, 3]);
    expect(pool.stats()).toMatchObject({ size: 2, threads: 2, crashes: 1 });
    await expect(pool.run({ module: fibonacci, data: 10 })).resolves.toBe(55);
  });

  it('keeps replacing threads that crash after their task answered, and stays at its size', async () => {
    const pool = openPool({ size: 3 });
    const go = new SharedArrayBuffer(4);
    const answers = await Promise.all(
      [1, 2, 3].map((value) => pool.run({ module: task('crash-after-answer'), data: { value, go } })),
    );
    expect(answers).toEqual([1, 2, 3]);
    // Every answer has arrived; now all three threads exit, one after another.
    Atomics.store(new Int32Array(go), 0, 1);
    Atomics.notify(new Int32Array(go), 0);
    await until(() => pool.stats().crashes === 3);
    await expect(pool.run({ module: echo, data: 'still serving' })).resolves.toBe('still serving');
    expect(pool.stats()).toMatchObject({ size: 3, threads: 3, crashes: 3 });
  });

  it('stops replacing threads that keep dying while they start, and says so', async () => {
    // A heap far too small for a thread to load its host: every thread dies during start-up.
    const pool = openPool({ size: 1, resourceLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 } });
    await expect(pool.run({ module: echo, data: 1 })).rejects.toThrow(
      /the thread given tasks\/echo\.ts .* while starting, before the task ran/,
    );
    await until(() => pool.stats().threads === 0);
    await expect(pool.run({ module: echo, data: 2 })).rejects.toThrow(
      /pool threads keep exiting while starting, 3 in a row \(last: .*memory/,
    );
    expect(pool.stats()).toMatchObject({ threads: 0, crashes: 3 });
  });

  it('names the uncaught error that killed a thread', async () => {
    const pool = openPool();
    await expect(pool.run({ module: task('crash'), data: 'uncaught' })).rejects.toThrow(/threw Error: boom in a timer/);
  });

  it('rejects a throwing task with an error naming the module and the original error, and keeps the thread', async () => {
    const pool = openPool();
    const failed = pool.run({ module: task('throws'), data: -5 });
    await expect(failed).rejects.toThrow(TaskFailedError);
    await expect(failed).rejects.toThrow('task tasks/throws.ts threw RangeError: amount must be positive, got -5');
    expect(pool.stats().crashes).toBe(0);
  });

  it('names a task module that does not exist, or has no default export function', async () => {
    const pool = openPool();
    const missing = pool.run({ module: task('no-such-task') });
    await expect(missing).rejects.toThrow(TaskModuleError);
    await expect(missing).rejects.toThrow(/no-such-task\.ts does not exist/);
    await expect(pool.run({ module: task('not-a-function') })).rejects.toThrow(
      'cannot run task module tasks/not-a-function.ts: it has no default export function (found number)',
    );
  });

  it('refuses a function, a relative path, and data that cannot be cloned, and keeps working', async () => {
    const pool = openPool();
    const asFunction = { module: (() => 1) as unknown } as PoolTask;
    await expect(pool.run(asFunction)).rejects.toThrow(
      'a task is a module path or URL plus data: a function cannot be sent to a thread',
    );
    await expect(pool.run({ module: './tasks/fibonacci.ts' })).rejects.toThrow(PoolTaskArgumentError);
    await expect(pool.run({ module: echo, data: { callback: () => 1 } })).rejects.toThrow(
      /its data cannot be sent to a thread/,
    );
    await expect(pool.run({ module: echo, data: 'still fine' })).resolves.toBe('still fine');
  });

  it('refuses a result that cannot be sent back, naming the module', async () => {
    const pool = openPool();
    await expect(pool.run({ module: task('returns-function') })).rejects.toThrow(
      /task tasks\/returns-function\.ts threw .*its result cannot be sent back/,
    );
  });

  it('times a task out, replaces its thread, and does not count that as a crash', async () => {
    const pool = openPool();
    const slow = pool.run({ module: task('spin'), data: 60_000, timeoutMs: 300 });
    await expect(slow).rejects.toThrow(TaskTimeoutError);
    await expect(slow).rejects.toThrow('task tasks/spin.ts did not finish within 300 ms; its thread was replaced');
    await expect(Promise.all([1, 2].map((n) => pool.run({ module: fibonacci, data: n })))).resolves.toEqual([1, 1]);
    expect(pool.stats()).toMatchObject({ threads: 2, crashes: 0 });
  });

  it("starts a task's clock only when a ready thread has it, so a slow thread start-up never times it out", async () => {
    // The pool's timers run on a fake clock; the threads start for real. Nothing here yields before the clock moves,
    // so both threads are still starting while a whole second passes for the pool: far longer than the timeout.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pool = openPool({ size: 2 });
    const quick = [1, 2].map((value) => pool.run({ module: echo, data: value, timeoutMs: 74 }));
    expect(pool.stats()).toMatchObject({ starting: 2, running: 2 });
    vi.advanceTimersByTime(1_000);
    await expect(Promise.all(quick)).resolves.toEqual([1, 2]);
  });

  it('still times a task out once its thread is ready', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pool = openPool({ size: 1 });
    let settled = false;
    const slow = pool.run({ module: task('spin'), data: 20_000, timeoutMs: 74 });
    const outcome = expect(slow.finally(() => (settled = true))).rejects.toThrow(TaskTimeoutError);
    vi.advanceTimersByTime(1_000); // while the thread starts: not counted
    await until(() => pool.stats().starting === 0);
    expect(settled).toBe(false);
    vi.advanceTimersByTime(74);
    await outcome;
  });

  it('cancels a running task through its AbortSignal by ending its thread', async () => {
    const pool = openPool();
    const controller = new AbortController();
    const spinning = pool.run({ module: task('spin'), data: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user cancelled')), 200);
    await expect(spinning).rejects.toThrow(TaskAbortedError);
    await expect(spinning).rejects.toMatchObject({ cause: new Error('user cancelled') });
    await expect(pool.run({ module: fibonacci, data: 15 })).resolves.toBe(610);
    expect(pool.stats()).toMatchObject({ threads: 2, crashes: 0 });
  });

  it('takes an aborted task out of the queue without touching the running one', async () => {
    const pool = openPool({ size: 1 });
    const running = pool.run({ module: task('delayed-echo'), data: { value: 1, delayMs: 100 } });
    const controller = new AbortController();
    const queued = pool.run({ module: echo, data: 2, signal: controller.signal });
    expect(pool.stats().queued).toBe(1);
    controller.abort();
    await expect(queued).rejects.toThrow(TaskAbortedError);
    expect(pool.stats().queued).toBe(0);
    await expect(running).resolves.toBe(1);
  });

  it('rejects at once, running nothing, when the signal is already aborted', async () => {
    const pool = openPool();
    await expect(pool.run({ module: echo, data: 1, signal: AbortSignal.abort() })).rejects.toThrow(
      'task tasks/echo.ts was aborted',
    );
    expect(pool.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it('rejects with a clear error when the queue is full, and runs what it accepted', async () => {
    const pool = openPool({ size: 1, maxQueue: 2 });
    const accepted = [1, 2, 3].map((value) => pool.run({ module: task('delayed-echo'), data: { value, delayMs: 20 } }));
    await expect(pool.run({ module: echo, data: 4 })).rejects.toThrow(QueueFullError);
    await expect(pool.run({ module: echo, data: 4 })).rejects.toThrow(
      "the pool's queue is full (2 tasks waiting for 1 threads): tasks/echo.ts was not queued; retry later or raise maxQueue",
    );
    await expect(Promise.all(accepted)).resolves.toEqual([1, 2, 3]);
  });

  it('moves ArrayBuffers to the worker and back instead of copying them', async () => {
    const pool = openPool();
    const bytes = new Uint8Array([0, 1, 254]).buffer;
    const result = await pool.run<{ bytes: ArrayBuffer; receivedLength: number }>({
      module: task('invert-bytes'),
      data: { bytes },
      transfer: [bytes],
    });
    expect(bytes.byteLength).toBe(0); // detached here: it was moved, not copied
    expect(result.receivedLength).toBe(3);
    expect([...new Uint8Array(result.bytes)]).toEqual([255, 254, 1]);
  });

  it('has os.availableParallelism() threads unless told otherwise', () => {
    const pool = createWorkerPool();
    pools.push(pool);
    expect(pool.stats().threads).toBe(availableParallelism());
  });

  it('destroy() rejects waiting and running tasks, ends every thread, and refuses later runs', async () => {
    const pool = openPool({ size: 1 });
    const running = pool.run({ module: task('spin'), data: 60_000 });
    const waiting = pool.run({ module: echo, data: 1 });
    // Expectations attached before destroy(), so the rejections it causes are handled when they happen.
    const outcomes = [
      expect(running).rejects.toThrow(PoolDestroyedError),
      expect(waiting).rejects.toThrow(PoolDestroyedError),
    ];
    await pool.destroy();
    await Promise.all(outcomes);
    expect(pool.stats()).toMatchObject({ threads: 0, crashes: 0 });
    await expect(pool.run({ module: echo, data: 1 })).rejects.toThrow('run() is not allowed after destroy()');
  });

  it('lets a process started with --import tsx run TypeScript tasks and exit by itself after destroy()', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/pool-then-destroy.ts', import.meta.url));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', fixture], { timeout: CHILD_MS });
    expect(stdout).toContain('results 55,6765');
    expect(stdout).toContain('done');
  });

  it('(control) keeps the process alive when destroy() is forgotten, so the test above can tell', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/pool-then-destroy.ts', import.meta.url));
    await expect(
      run(process.execPath, ['--import', 'tsx', fixture, 'forget-destroy'], { timeout: 4_000 }),
    ).rejects.toMatchObject({ killed: true });
  });

  it('runs from JavaScript compiled by tsc, with plain node and no tsx', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'pool-compiled-'));
    try {
      // The repository is the root: the pool's errors import platform/'s error root, which must compile beside it.
      const root = fileURLToPath(new URL('../../../', import.meta.url));
      const chapter = path.join(root, 'chapters/04-performance');
      const files = ['worker-pool.ts', 'pool-worker-host.ts', 'task-result.ts', 'tasks/fibonacci.ts'].map((file) =>
        path.join(chapter, file),
      );
      const program = ts.createProgram(files, {
        outDir,
        rootDir: root,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2023,
        types: ['node'],
        strict: true,
        skipLibCheck: true,
      });
      const emitted = program.emit();
      const errors = ts.getPreEmitDiagnostics(program).concat(emitted.diagnostics);
      expect(errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
      writeFileSync(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
      writeFileSync(
        path.join(outDir, 'chapters/04-performance/main.js'),
        "import { createWorkerPool } from './worker-pool.js';\n" +
          'const pool = createWorkerPool({ size: 2 });\n' +
          "const results = await Promise.all([20, 25].map((n) => pool.run({ module: new URL('./tasks/fibonacci.js', import.meta.url), data: n })));\n" +
          "console.log('compiled', results.join(','));\n" +
          'await pool.destroy();\n',
      );
      const { stdout } = await run(process.execPath, [path.join(outDir, 'chapters/04-performance/main.js')], {
        timeout: CHILD_MS,
        cwd: outDir,
        env: { PATH: process.env.PATH ?? '' },
      });
      expect(stdout.trim()).toBe('compiled 6765,75025');
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});

/** Polls a condition that a thread's exit will make true; fails after `ms`. */
async function until(condition: () => boolean, ms = CHILD_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => realSetTimeout(resolve, 5));
  }
}
