import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import {
  PoolDestroyedError,
  PoolTaskArgumentError,
  QueueFullError,
  TaskAbortedError,
  TaskFailedError,
  TaskModuleError,
  taskName,
  TaskTimeoutError,
  WorkerCrashedError,
} from './pool-errors.js';
import type { HostMessage, TaskReply, TaskRequest } from './pool-worker-host.js';
import { fifoQueue, type QueuedTask, type TaskQueue } from './task-queue.js';

// #region port
/** A task is a module (absolute path or file URL) whose default export gets `data`: never a function. */
export interface PoolTask {
  readonly module: string | URL;
  readonly data?: unknown;
  /** ArrayBuffers (or MessagePorts) in `data` to move to the worker instead of copying. */
  readonly transfer?: readonly TransferListItem[];
  readonly signal?: AbortSignal;
  /**
   * Longest the task may run, counted from when a ready thread has it (a thread's start-up never counts); its thread
   * is then replaced. Default: the pool's `taskTimeoutMs`.
   */
  readonly timeoutMs?: number;
  /** For queues that order by priority (higher first). Default 0. */
  readonly priority?: number;
}

/** The pool as the capstone sees it: the chapter's `WorkerPool` implements it, and so can a learner's. */
export interface WorkerPoolPort {
  run<R = unknown>(task: PoolTask): Promise<R>;
  /** Rejects waiting and running tasks, ends every worker; resolves once they have exited. */
  destroy(): Promise<void>;
}
// #endregion port

export interface WorkerPoolOptions {
  /** Threads. Default `os.availableParallelism()`. */
  readonly size?: number;
  /** Tasks allowed to wait for a thread. Default 1,024: a full queue rejects with QueueFullError. */
  readonly maxQueue?: number;
  /** Replaces the FIFO queue (then `maxQueue` is ignored). */
  readonly queue?: TaskQueue<QueuedTask>;
  readonly taskTimeoutMs?: number;
  readonly resourceLimits?: ResourceLimits;
}

export interface WorkerPoolStats {
  readonly size: number;
  readonly threads: number;
  /** Threads still starting (loading tsx and the host): they may hold a task, which waits for them. */
  readonly starting: number;
  readonly idle: number;
  readonly running: number;
  readonly queued: number;
  readonly crashes: number;
}

interface Entry extends QueuedTask {
  readonly href: string;
  readonly data: unknown;
  readonly transfer: readonly TransferListItem[];
  readonly timeoutMs: number | undefined;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  slot?: Slot | undefined;
  timer?: NodeJS.Timeout | undefined;
  onAbort?: (() => void) | undefined;
  settled: boolean;
}

interface Slot {
  readonly worker: Worker;
  entry: Entry | undefined;
  /** The host said it is ready. A thread that exits before that failed to start. */
  ready: boolean;
  /** We terminated it (timeout, abort, destroy): its exit is not a crash. */
  retiring: boolean;
  lastError: Error | undefined;
  readonly exited: Promise<void>;
}

// The pool's own thread entry: the .ts source under tsx and vitest, the compiled .js next to a compiled pool.
const ownExtension = path.extname(fileURLToPath(import.meta.url));
const hostUrl = new URL(`./pool-worker-host${ownExtension}`, import.meta.url);

/** Creates a pool and starts its threads. @example const pool = createWorkerPool({ size: 2 }); */
export function createWorkerPool(options: WorkerPoolOptions = {}): WorkerPool {
  return new WorkerPool(options);
}

// #region pool
/**
 * A fixed-size pool of worker threads. Each answer carries its task's id, a crash fails only the task it was running,
 * and every thread that ends for any reason is replaced, so the pool stays at its size until `destroy()`.
 *
 * @example
 * const pool = createWorkerPool({ size: 2 });
 * const n = await pool.run<number>({ module: new URL('./tasks/fibonacci.ts', import.meta.url), data: 30 });
 * await pool.destroy();
 */
export class WorkerPool implements WorkerPoolPort {
  readonly size: number;
  readonly #queue: TaskQueue<QueuedTask>;
  readonly #taskTimeoutMs: number | undefined;
  readonly #resourceLimits: ResourceLimits | undefined;
  readonly #slots = new Set<Slot>();
  readonly #idle: Slot[] = [];
  readonly #hrefs = new Map<string, string>();
  #nextId = 1;
  #crashes = 0;
  /** Threads that exited while starting, since a thread last became ready: a broken start must not respawn forever. */
  #startFailures = 0;
  #broken: Error | undefined;
  #destroyed: Promise<void> | undefined;

  constructor(options: WorkerPoolOptions = {}) {
    this.size = options.size ?? availableParallelism();
    if (!Number.isInteger(this.size) || this.size < 1)
      throw new RangeError(`size must be a whole number >= 1, got ${this.size}`);
    this.#queue = options.queue ?? fifoQueue(options.maxQueue ?? 1024);
    this.#taskTimeoutMs = options.taskTimeoutMs;
    this.#resourceLimits = options.resourceLimits;
    for (let i = 0; i < this.size; i += 1) this.#idle.push(this.#spawn());
  }
  // #endregion pool

  stats(): WorkerPoolStats {
    const slots = [...this.#slots];
    const running = slots.filter((slot) => slot.entry).length;
    const starting = slots.filter((slot) => !slot.ready).length;
    return {
      size: this.size,
      threads: slots.length,
      starting,
      idle: this.#idle.length,
      running,
      queued: this.#queue.size,
      crashes: this.#crashes,
    };
  }

  // #region run
  run<R = unknown>(task: PoolTask): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.#destroyed) throw new PoolDestroyedError('the pool was destroyed: run() is not allowed after destroy()');
      if (this.#broken) throw this.#broken;
      const href = this.#resolveModule(task);
      const entry: Entry = {
        id: this.#nextId++,
        priority: task.priority ?? 0,
        task: taskName(href),
        href,
        data: task.data,
        transfer: task.transfer ?? [],
        timeoutMs: task.timeoutMs ?? this.#taskTimeoutMs,
        signal: task.signal,
        resolve: resolve as (value: unknown) => void,
        reject,
        settled: false,
      };
      if (task.signal) {
        if (task.signal.aborted) throw this.#abortError(entry, task.signal);
        const signal = task.signal;
        entry.onAbort = () => this.#abort(entry, signal);
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      const slot = this.#idle.pop();
      if (slot) {
        this.#dispatch(slot, entry);
        return;
      }
      for (const turnedAway of this.#queue.push(entry) as Entry[]) {
        this.#settle(
          turnedAway,
          new QueueFullError(
            `the pool's queue is full (${this.#queue.capacity} tasks waiting for ${this.size} threads): ${turnedAway.task} was not queued; retry later or raise maxQueue`,
          ),
        );
      }
    });
  }
  // #endregion run

  destroy(): Promise<void> {
    this.#destroyed ??= (async () => {
      const error = new PoolDestroyedError('the pool was destroyed before this task finished');
      for (let waiting = this.#queue.shift(); waiting; waiting = this.#queue.shift())
        this.#settle(waiting as Entry, error);
      const exits = [...this.#slots].map((slot) => {
        if (slot.entry) this.#settle(slot.entry, error);
        slot.retiring = true;
        void slot.worker.terminate();
        return slot.exited;
      });
      this.#idle.length = 0;
      await Promise.all(exits);
    })();
    return this.#destroyed;
  }

  #spawn(): Slot {
    const worker = startWorker(this.#resourceLimits);
    let markExited!: () => void;
    const slot: Slot = {
      worker,
      entry: undefined,
      ready: false,
      retiring: false,
      lastError: undefined,
      exited: new Promise((resolve) => (markExited = resolve)),
    };
    this.#slots.add(slot);
    worker.on('message', (message: HostMessage) =>
      'ready' in message ? this.#onReady(slot) : this.#onReply(slot, message),
    );
    worker.on('error', (error: Error) => (slot.lastError = error));
    worker.on('exit', (code: number) => {
      this.#onExit(slot, code);
      markExited();
    });
    return slot;
  }

  #dispatch(slot: Slot, entry: Entry): void {
    slot.entry = entry;
    entry.slot = slot;
    try {
      slot.worker.postMessage(
        { id: entry.id, module: entry.href, data: entry.data } satisfies TaskRequest,
        entry.transfer,
      );
    } catch (error) {
      // The data could not be cloned (a function inside, say): the task fails, the thread is fine.
      slot.entry = undefined;
      this.#settle(
        entry,
        new PoolTaskArgumentError(
          `task ${entry.task}: its data cannot be sent to a thread (${(error as Error).message}); send plain data, never functions`,
          { cause: error },
        ),
      );
      this.#next(slot);
      return;
    }
    // A thread still starting queues the task in its port; the clock starts when it reports ready.
    if (slot.ready) this.#startClock(slot, entry);
  }

  /** The task's timeout, from now: called when a ready thread has the task. */
  #startClock(slot: Slot, entry: Entry): void {
    if (entry.timeoutMs === undefined) return;
    const ms = entry.timeoutMs;
    entry.timer = setTimeout(() => {
      this.#retire(slot);
      this.#settle(
        entry,
        new TaskTimeoutError(`task ${entry.task} did not finish within ${ms} ms; its thread was replaced`),
      );
    }, ms);
  }

  #onReady(slot: Slot): void {
    slot.ready = true;
    this.#startFailures = 0;
    if (slot.entry) this.#startClock(slot, slot.entry);
  }

  #onReply(slot: Slot, reply: TaskReply): void {
    const entry = slot.entry;
    // Only the answer to the task this thread is running counts; anything else is from a task that already ended.
    if (!entry || entry.id !== reply.id) return;
    slot.entry = undefined;
    if (reply.ok) this.#settle(entry, undefined, reply.value);
    else if (reply.kind === 'module')
      this.#settle(entry, new TaskModuleError(`cannot run task module ${entry.task}: ${reply.error.message}`));
    else if (reply.kind === 'result')
      this.#settle(
        entry,
        new TaskFailedError(entry.task, {
          ...reply.error,
          message: `its result cannot be sent back: ${reply.error.message}`,
        }),
      );
    else this.#settle(entry, new TaskFailedError(entry.task, reply.error));
    this.#next(slot);
  }

  #onExit(slot: Slot, code: number): void {
    this.#slots.delete(slot);
    const idleAt = this.#idle.indexOf(slot);
    if (idleAt !== -1) this.#idle.splice(idleAt, 1);
    const entry = slot.entry;
    if (!slot.retiring) {
      this.#crashes += 1;
      const why = slot.lastError
        ? `threw ${slot.lastError.name}: ${slot.lastError.message}`
        : `exited with code ${code}`;
      if (!slot.ready) {
        // It never started: the task it was given did not run. Only this kind of exit can mean a broken start-up;
        // a thread that crashes after it was ready (even after its task answered) is simply replaced.
        if (entry)
          this.#settle(
            entry,
            new WorkerCrashedError(`the thread given ${entry.task} ${why} while starting, before the task ran`, {
              cause: slot.lastError,
            }),
          );
        if (++this.#startFailures >= 3) {
          this.#breakPool(slot.lastError, code);
          return;
        }
      } else if (entry) {
        this.#settle(
          entry,
          new WorkerCrashedError(`the thread running ${entry.task} ${why} before it answered`, {
            cause: slot.lastError,
          }),
        );
      }
    }
    if (this.#destroyed || this.#broken) return;
    // Replace every thread that ends, crashed or retired: the pool keeps its size, never grows past it.
    this.#next(this.#spawn());
  }

  /** Threads keep dying while starting (a missing loader, a broken host, too little memory): stop and say so, do not spin. */
  #breakPool(cause: Error | undefined, code: number): void {
    this.#broken = new WorkerCrashedError(
      `pool threads keep exiting while starting, 3 in a row (last: ${cause ? cause.message : `exit code ${code}`}); the pool stopped replacing them`,
      { cause },
    );
    for (let waiting = this.#queue.shift(); waiting; waiting = this.#queue.shift())
      this.#settle(waiting as Entry, this.#broken);
  }

  /** Gives a free thread the next waiting task, or marks it idle. */
  #next(slot: Slot): void {
    if (this.#destroyed || slot.retiring) return;
    const waiting = this.#queue.shift() as Entry | undefined;
    if (waiting) this.#dispatch(slot, waiting);
    else this.#idle.push(slot);
  }

  /** Ends the thread running a task we gave up on; its exit handler spawns the replacement. */
  #retire(slot: Slot): void {
    slot.retiring = true;
    slot.entry = undefined;
    void slot.worker.terminate();
  }

  #abort(entry: Entry, signal: AbortSignal): void {
    if (entry.settled) return;
    if (entry.slot) this.#retire(entry.slot);
    else this.#queue.remove(entry);
    this.#settle(entry, this.#abortError(entry, signal));
  }

  #abortError(entry: Entry, signal: AbortSignal): TaskAbortedError {
    return new TaskAbortedError(`task ${entry.task} was aborted`, { cause: signal.reason });
  }

  #settle(entry: Entry, error: Error | undefined, value?: unknown): void {
    if (entry.settled) return;
    entry.settled = true;
    clearTimeout(entry.timer);
    if (entry.onAbort) entry.signal?.removeEventListener('abort', entry.onAbort);
    entry.slot = undefined;
    if (error) entry.reject(error);
    else entry.resolve(value);
  }

  #resolveModule(task: PoolTask): string {
    const module: unknown = task?.module;
    if (typeof module === 'function') {
      throw new PoolTaskArgumentError(
        'a task is a module path or URL plus data: a function cannot be sent to a thread',
      );
    }
    const key = module instanceof URL ? module.href : module;
    if (typeof key !== 'string' || key === '') {
      throw new PoolTaskArgumentError(`task.module must be an absolute path or a file URL, got ${typeof module}`);
    }
    const known = this.#hrefs.get(key);
    if (known) return known;
    let href: string;
    if (key.startsWith('file:')) href = key;
    else if (path.isAbsolute(key)) href = pathToFileURL(key).href;
    else
      throw new PoolTaskArgumentError(
        `task.module must be an absolute path or a file URL, got "${key}" (try new URL('${key}', import.meta.url))`,
      );
    if (!existsSync(fileURLToPath(href)))
      throw new TaskModuleError(`task module ${fileURLToPath(href)} does not exist`);
    this.#hrefs.set(key, href);
    return href;
  }
}

/**
 * Starts one pool thread. From TypeScript source (tsx, vitest) the thread registers tsx before loading the host:
 * a Worker does not inherit tsx's loader hooks from `--import tsx`, so a .ts entry would fail with
 * "Unknown file extension". Compiled JavaScript needs nothing.
 */
function startWorker(resourceLimits: ResourceLimits | undefined): Worker {
  if (ownExtension !== '.ts') return new Worker(hostUrl, { resourceLimits });
  const tsxApi = tsxEsmApi();
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((api) => { (api.register ?? api.default.register)(); return import(${JSON.stringify(hostUrl.href)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

let tsxApiHref: string | undefined;

/** The ESM build of `tsx/esm/api` (require.resolve would give its CommonJS build, whose `register` fails in a worker). */
function tsxEsmApi(): string {
  if (tsxApiHref) return tsxApiHref;
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const entry = exports['./esm/api']?.import?.default;
  if (!entry) throw new Error(`cannot find tsx's ESM API in ${manifest}: is tsx installed?`);
  tsxApiHref = pathToFileURL(path.join(path.dirname(manifest), entry)).href;
  return tsxApiHref;
}
