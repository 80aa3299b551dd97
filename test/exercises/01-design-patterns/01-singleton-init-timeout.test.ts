import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SingletonDisposedError } from '../../../chapters/01-design-patterns/async-singleton.js';
import { InitTimeoutError, createTimedSingleton } from '#exercise/01-design-patterns/01-singleton-init-timeout';

/** A create() that never finishes on its own and remembers the signal it was given. */
function hangingCreate(): { create: (signal: AbortSignal) => Promise<string>; signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  return {
    signals,
    create: (signal) => {
      signals.push(signal);
      return new Promise<string>(() => {}); // ignores its signal on purpose
    },
  };
}

describe('01.1 a singleton whose initialisation times out', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves with the value when create finishes in time, and leaves no timer behind', async () => {
    const singleton = createTimedSingleton({ create: async () => 'connected', timeoutMs: 1_000 });
    await expect(singleton.get()).resolves.toBe('connected');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with InitTimeoutError once timeoutMs passes, even if create ignores its signal', async () => {
    const { create } = hangingCreate();
    const singleton = createTimedSingleton({ name: 'database', create, timeoutMs: 500 });

    const pending = singleton.get();
    const outcome = expect(pending).rejects.toThrow(InitTimeoutError);
    await vi.advanceTimersByTimeAsync(500);
    await outcome;
    await expect(pending).rejects.toMatchObject({
      code: 'SINGLETON_INIT_TIMEOUT',
      message: 'database was not ready within 500 ms; the next get() tries again',
    });
  });

  it('does not give up before timeoutMs', async () => {
    let finish!: (value: string) => void;
    const singleton = createTimedSingleton({
      create: () => new Promise<string>((resolve) => (finish = resolve)),
      timeoutMs: 500,
    });
    const pending = singleton.get();
    await vi.advanceTimersByTimeAsync(499);
    finish('just in time');
    await expect(pending).resolves.toBe('just in time');
  });

  it('aborts the signal create received, with the InitTimeoutError as its reason', async () => {
    const { create, signals } = hangingCreate();
    const singleton = createTimedSingleton({ create, timeoutMs: 100 });
    const outcome = singleton.get().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    expect(await outcome).toBeInstanceOf(InitTimeoutError);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toBeInstanceOf(InitTimeoutError);
  });

  it('does not cache the timeout: the next get() runs create again and can succeed', async () => {
    let calls = 0;
    const singleton = createTimedSingleton<string>({
      create: () => {
        calls += 1;
        return calls === 1 ? new Promise<string>(() => {}) : Promise.resolve('second try');
      },
      timeoutMs: 100,
    });
    const first = singleton.get().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    expect(await first).toBeInstanceOf(InitTimeoutError);

    await expect(singleton.get()).resolves.toBe('second try');
    expect(calls).toBe(2);
  });

  it('releases a value that arrives after the timeout instead of leaking it', async () => {
    let finish!: (value: string) => void;
    const dispose = vi.fn();
    const singleton = createTimedSingleton({
      create: () => new Promise<string>((resolve) => (finish = resolve)),
      dispose,
      timeoutMs: 100,
    });
    const first = singleton.get().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    expect(await first).toBeInstanceOf(InitTimeoutError);

    finish('late connection');
    await vi.advanceTimersByTimeAsync(0);
    expect(dispose).toHaveBeenCalledWith('late connection');
  });

  it('still aborts create when the singleton is disposed during initialisation', async () => {
    const { create, signals } = hangingCreate();
    const singleton = createTimedSingleton({ create, timeoutMs: 10_000 });
    const pending = singleton.get().catch((error: unknown) => error);

    await singleton.dispose();

    expect(await pending).toBeInstanceOf(SingletonDisposedError);
    expect(signals[0]?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes a failure of create through as it is, and leaves no timer behind', async () => {
    const refused = new Error('ECONNREFUSED 127.0.0.1:5432');
    const singleton = createTimedSingleton<string>({ create: () => Promise.reject(refused), timeoutMs: 1_000 });
    await expect(singleton.get()).rejects.toBe(refused);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('turns a create that throws synchronously into a rejection, and leaves no timer behind', async () => {
    const broken = new Error('invalid connection string');
    const singleton = createTimedSingleton<string>({
      create: () => {
        throw broken;
      },
      timeoutMs: 1_000,
    });
    await expect(singleton.get()).rejects.toBe(broken);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves no abort listener on the signal create received once create has finished', async () => {
    const signals: AbortSignal[] = [];
    const singleton = createTimedSingleton({
      create: async (signal) => {
        signals.push(signal);
        return 'connected';
      },
      timeoutMs: 1_000,
    });
    await singleton.get();
    expect(signals).toHaveLength(1);
    expect(getEventListeners(signals[0] as AbortSignal, 'abort')).toHaveLength(0);
  });

  it('is named "singleton" in its timeout error when no name is given', async () => {
    const { create } = hangingCreate();
    const singleton = createTimedSingleton({ create, timeoutMs: 100 });
    const outcome = singleton.get().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    expect(await outcome).toMatchObject({
      singletonName: 'singleton',
      message: 'singleton was not ready within 100 ms; the next get() tries again',
    });
  });

  it('disposes a value created in time when the singleton is disposed', async () => {
    const dispose = vi.fn();
    const singleton = createTimedSingleton({ create: async () => 'connection', dispose, timeoutMs: 1_000 });
    await singleton.get();
    await singleton.dispose();
    expect(dispose).toHaveBeenCalledExactlyOnceWith('connection');
  });

  it('drops a late value quietly when there is no dispose option', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      let finish!: (value: string) => void;
      const singleton = createTimedSingleton({
        create: () => new Promise<string>((resolve) => (finish = resolve)),
        timeoutMs: 100,
      });
      const first = singleton.get().catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(100);
      expect(await first).toBeInstanceOf(InitTimeoutError);

      finish('late connection');
      await vi.advanceTimersByTimeAsync(0);

      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('reports a failing dispose of a late value as a process warning naming the singleton', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      let finish!: (value: string) => void;
      const failure = new Error('socket already closed');
      const singleton = createTimedSingleton({
        name: 'database',
        create: () => new Promise<string>((resolve) => (finish = resolve)),
        dispose: () => {
          throw failure;
        },
        timeoutMs: 100,
      });
      const first = singleton.get().catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(100);
      expect(await first).toBeInstanceOf(InitTimeoutError);

      finish('late connection');
      await vi.advanceTimersByTimeAsync(0);

      expect(warn).toHaveBeenCalledOnce();
      const [warning] = warn.mock.calls[0] ?? [];
      expect(warning).toBeInstanceOf(Error);
      expect((warning as Error).message).toContain('database');
      expect((warning as Error).cause).toBe(failure);
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses a timeout that is not a positive number, at creation', () => {
    const create = async (): Promise<string> => 'x';
    expect(() => createTimedSingleton({ create, timeoutMs: 0 })).toThrow(RangeError);
    expect(() => createTimedSingleton({ create, timeoutMs: Number.NaN })).toThrow(/timeoutMs must be a positive/);
  });
});
