/**
 * Runs inside each pool thread: imports a task's module (once per module), calls its default export with the data,
 * and answers with the task's id, so an answer can never be taken for another task's.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { unwrapResult } from './task-result.js';

export interface TaskRequest {
  readonly id: number;
  readonly module: string;
  readonly data: unknown;
}

export type TaskReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | {
      readonly id: number;
      readonly ok: false;
      readonly kind: 'module' | 'failed' | 'result';
      readonly error: SerializedError;
    };

/** Sent once, when the host listens: the thread has started (tsx registered, host loaded) and can run tasks. */
export interface HostReady {
  readonly ready: true;
}

export type HostMessage = TaskReply | HostReady;

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string | undefined;
}

type TaskFunction = (data: unknown) => unknown;

const port: MessagePort =
  parentPort ??
  ((): never => {
    throw new Error('pool-worker-host.ts runs inside a worker thread started by the pool');
  })();
const modules = new Map<string, Promise<TaskFunction>>();
/** Loaded task functions, so the common case (a module seen before, a synchronous task) answers without a microtask hop. */
const loaded = new Map<string, TaskFunction>();

function load(href: string): Promise<TaskFunction> {
  let loading = modules.get(href);
  if (!loading) {
    loading = import(href).then((exports: { default?: unknown }) => {
      if (typeof exports.default !== 'function') {
        throw new TypeError(`it has no default export function (found ${typeof exports.default})`);
      }
      loaded.set(href, exports.default as TaskFunction);
      return exports.default as TaskFunction;
    });
    // Do not remember a failed import: the file may be fixed or written later.
    loading.catch(() => modules.delete(href));
    modules.set(href, loading);
  }
  return loading;
}

const serialize = (error: unknown): SerializedError =>
  error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { name: 'NonError', message: String(error) };

port.on('message', ({ id, module, data }: TaskRequest) => {
  const run = loaded.get(module);
  if (run) start(id, run, data);
  else {
    load(module).then(
      (fn) => start(id, fn, data),
      (error: unknown) =>
        port.postMessage({ id, ok: false, kind: 'module', error: serialize(error) } satisfies TaskReply),
    );
  }
});

function start(id: number, run: TaskFunction, data: unknown): void {
  let result: unknown;
  try {
    result = run(data);
  } catch (error) {
    port.postMessage({ id, ok: false, kind: 'failed', error: serialize(error) } satisfies TaskReply);
    return;
  }
  if (result instanceof Promise) {
    result.then(
      (value: unknown) => reply(id, value),
      (error: unknown) =>
        port.postMessage({ id, ok: false, kind: 'failed', error: serialize(error) } satisfies TaskReply),
    );
  } else reply(id, result);
}

function reply(id: number, result: unknown): void {
  const { value, transfer } = unwrapResult(result);
  try {
    port.postMessage({ id, ok: true, value } satisfies TaskReply, transfer);
  } catch (error) {
    port.postMessage({ id, ok: false, kind: 'result', error: serialize(error) } satisfies TaskReply);
  }
}

// Last: everything above has loaded, so the thread is ready. Tasks posted before this waited in the port's queue.
port.postMessage({ ready: true } satisfies HostReady);
