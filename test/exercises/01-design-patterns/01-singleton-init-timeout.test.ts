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

  it('refuses a timeout that is not a positive number, at creation', () => {
    const create = async (): Promise<string> => 'x';
    expect(() => createTimedSingleton({ create, timeoutMs: 0 })).toThrow(RangeError);
    expect(() => createTimedSingleton({ create, timeoutMs: Number.NaN })).toThrow(/timeoutMs must be a positive/);
  });
});
