import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AsyncSingleton,
  SingletonDisposedError,
  SingletonResetError,
} from '../../../chapters/01-design-patterns/async-singleton.js';
import { database } from '../../../chapters/01-design-patterns/database-client.js';

/** A creation the test finishes by hand, so "concurrent" is exact rather than a race against a timer. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('AsyncSingleton', () => {
  it('creates nothing until the first get', () => {
    const create = vi.fn(async () => ({ id: 1 }));
    const singleton = new AsyncSingleton({ create });
    expect(create).not.toHaveBeenCalled();
    expect(singleton.state).toBe('idle');
  });

  it('runs one creation for many concurrent first calls and hands all of them the same instance', async () => {
    const gate = deferred<{ id: number }>();
    const create = vi.fn(() => gate.promise);
    const singleton = new AsyncSingleton({ create });

    const calls = Array.from({ length: 10 }, () => singleton.get());
    expect(singleton.state).toBe('initialising');
    gate.resolve({ id: 7 });
    const values = await Promise.all(calls);

    expect(create).toHaveBeenCalledTimes(1);
    expect(new Set(values).size).toBe(1);
    expect(singleton.state).toBe('ready');
  });

  it('returns the cached instance to later calls without creating again', async () => {
    const create = vi.fn(async () => ({}));
    const singleton = new AsyncSingleton({ create });
    const first = await singleton.get();
    expect(await singleton.get()).toBe(first);
    expect(create).toHaveBeenCalledTimes(1);
  });

  // #region retry
  it('does not cache a failed creation: every waiting caller gets the error, the next call retries', async () => {
    const create = vi
      .fn<(signal: AbortSignal) => Promise<string>>()
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockResolvedValueOnce('connected');
    const singleton = new AsyncSingleton({ create });

    const results = await Promise.allSettled([singleton.get(), singleton.get()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(create).toHaveBeenCalledTimes(1);
    expect(singleton.state).toBe('idle');

    await expect(singleton.get()).resolves.toBe('connected');
    expect(create).toHaveBeenCalledTimes(2);
  });
  // #endregion retry

  it('turns a synchronous throw in create into a rejection and retries next time', async () => {
    let calls = 0;
    const singleton = new AsyncSingleton<string>({
      create: () => {
        calls += 1;
        if (calls === 1) throw new Error('bad url');
        return Promise.resolve('ok');
      },
    });
    await expect(singleton.get()).rejects.toThrow('bad url');
    await expect(singleton.get()).resolves.toBe('ok');
  });

  it('disposes the instance and refuses get() afterwards with a SingletonDisposedError', async () => {
    const close = vi.fn();
    const singleton = new AsyncSingleton({ name: 'database', create: async () => 'conn', dispose: close });
    await singleton.get();

    await singleton.dispose();
    await singleton.dispose(); // twice is harmless

    expect(close).toHaveBeenCalledTimes(1);
    expect(close).toHaveBeenCalledWith('conn');
    expect(singleton.state).toBe('disposed');
    await expect(singleton.get()).rejects.toBeInstanceOf(SingletonDisposedError);
    await expect(singleton.get()).rejects.toThrow(/database was disposed/);
  });

  it('aborts a creation still in progress when disposed, and releases what it produced anyway', async () => {
    const gate = deferred<string>();
    let seen: AbortSignal | undefined;
    const close = vi.fn();
    const singleton = new AsyncSingleton({
      create: (signal) => {
        seen = signal;
        return gate.promise;
      },
      dispose: close,
    });
    const pending = singleton.get();

    const disposing = singleton.dispose();
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(SingletonDisposedError);
    gate.resolve('late connection'); // a create that ignored its signal
    await disposing;

    await expect(pending).resolves.toBe('late connection');
    expect(close).toHaveBeenCalledWith('late connection');
  });

  it('does not try to release a creation that failed', async () => {
    const close = vi.fn();
    const singleton = new AsyncSingleton({ create: () => Promise.reject(new Error('down')), dispose: close });
    await expect(singleton.get()).rejects.toThrow('down');
    await singleton.dispose();
    expect(close).not.toHaveBeenCalled();
  });

  it('reset() releases the instance and lets the next get() create a fresh one', async () => {
    let made = 0;
    const close = vi.fn();
    const singleton = new AsyncSingleton({ create: async () => ({ n: ++made }), dispose: close });
    const first = await singleton.get();

    await singleton.reset();
    const second = await singleton.get();

    expect(close).toHaveBeenCalledWith(first);
    expect(second).not.toBe(first);
    expect(second.n).toBe(2);
  });

  it('reset() aborts an in-flight creation with a SingletonResetError', async () => {
    let seen: AbortSignal | undefined;
    const singleton = new AsyncSingleton<string>({
      create: (signal) => {
        seen = signal;
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      },
    });
    const pending = singleton.get();
    await singleton.reset();
    await expect(pending).rejects.toBeInstanceOf(SingletonResetError);
    expect(seen?.aborted).toBe(true);
    expect(singleton.state).toBe('idle');
  });

  it('reset() after dispose() makes the singleton usable again (for tests)', async () => {
    const singleton = new AsyncSingleton({ create: async () => 'x' });
    await singleton.dispose();
    await singleton.reset();
    await expect(singleton.get()).resolves.toBe('x');
  });
});

describe('database (a module-scoped singleton)', () => {
  afterEach(async () => {
    await database.reset();
  });

  it('is the same object for every importer, because a module is evaluated once', async () => {
    const again = await import('../../../chapters/01-design-patterns/database-client.js');
    expect(again.database).toBe(database);
  });

  it('shares one connection between concurrent callers and closes it on reset', async () => {
    const [a, b] = await Promise.all([database.get(), database.get()]);
    expect(a).toBe(b);
    await expect(a.ping()).resolves.toBe('pong');
    await database.reset();
    expect(a.isOpen).toBe(false);
  });
});
