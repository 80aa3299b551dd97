import { PatternError } from './pattern-error.js';

/** Where a singleton is in its life: nothing yet, being created, usable, or shut down for good. */
export type SingletonState = 'idle' | 'initialising' | 'ready' | 'disposed';

export interface AsyncSingletonOptions<T> {
  /** Names the resource in error messages: `database`, `redis`. */
  readonly name?: string;
  /** Creates the resource. The signal aborts if the singleton is reset or disposed while this is still running. */
  readonly create: (signal: AbortSignal) => Promise<T>;
  /** Releases the resource on `dispose()` or `reset()`: close the pool, end the client. */
  readonly dispose?: (value: T) => Promise<void> | void;
}

/** Thrown by `get()` after `dispose()`: during shutdown nothing may quietly reopen a connection. */
export class SingletonDisposedError extends PatternError {
  readonly code = 'SINGLETON_DISPOSED';

  constructor(readonly singletonName: string) {
    super(`${singletonName} was disposed: get() is not allowed after dispose(); tests call reset() to start again`);
  }
}

/** The abort reason a still-running `create` sees when `reset()` interrupts it. */
export class SingletonResetError extends PatternError {
  readonly code = 'SINGLETON_RESET';

  constructor(readonly singletonName: string) {
    super(`${singletonName} was reset while it was still being created`);
  }
}

/**
 * One lazily created async resource shared by every caller.
 *
 * Concurrent first calls share one creation; a failed creation is forgotten so the next call retries;
 * `dispose()` releases the resource for shutdown and `reset()` releases it so tests can start afresh.
 *
 * @example
 * const database = new AsyncSingleton({ name: 'database', create: (signal) => connect(url, { signal }), dispose: (c) => c.close() });
 * const connection = await database.get();
 */
export class AsyncSingleton<T> {
  readonly name: string;
  readonly #options: AsyncSingletonOptions<T>;
  #attempt: Promise<T> | undefined;
  #controller: AbortController | undefined;
  #ready = false;
  #disposed = false;

  constructor(options: AsyncSingletonOptions<T>) {
    this.name = options.name ?? 'singleton';
    this.#options = options;
  }

  get state(): SingletonState {
    if (this.#disposed) return 'disposed';
    if (this.#attempt === undefined) return 'idle';
    return this.#ready ? 'ready' : 'initialising';
  }

  /** The shared resource, created on the first call. Callers that arrive during creation wait for the same one. */
  get(): Promise<T> {
    if (this.#disposed) return Promise.reject(new SingletonDisposedError(this.name));
    // Cache the promise, not the value: a second caller that arrives mid-creation must not start a second creation.
    this.#attempt ??= this.#start();
    return this.#attempt;
  }

  /** Releases the resource and refuses every later `get()`. Safe to call twice. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.#release(new SingletonDisposedError(this.name));
  }

  /** Releases the resource and returns to `idle`, so the next `get()` creates a new one. Meant for tests. */
  async reset(): Promise<void> {
    await this.#release(new SingletonResetError(this.name));
    this.#disposed = false;
  }

  #start(): Promise<T> {
    const controller = new AbortController();
    this.#controller = controller;
    this.#ready = false;
    // `new Promise` turns a synchronous throw inside create() into a rejection, like an async failure.
    const attempt: Promise<T> = new Promise<T>((resolve) => resolve(this.#options.create(controller.signal))).then(
      (value) => {
        if (this.#attempt === attempt) this.#ready = true;
        return value;
      },
      (error: unknown) => {
        // Forget the failed attempt: otherwise every later caller would get this same error forever.
        if (this.#attempt === attempt) {
          this.#attempt = undefined;
          this.#controller = undefined;
        }
        throw error;
      },
    );
    return attempt;
  }

  async #release(reason: PatternError): Promise<void> {
    const attempt = this.#attempt;
    const controller = this.#controller;
    this.#attempt = undefined;
    this.#controller = undefined;
    this.#ready = false;
    if (attempt === undefined) return;
    controller?.abort(reason);
    let value: T;
    try {
      value = await attempt;
    } catch {
      // That failure was already delivered to the callers of get(); there is nothing to release.
      return;
    }
    await this.#options.dispose?.(value);
  }
}
