import { describe, expect, it, vi } from 'vitest';
import { lazyAsync } from '#exercise/01-design-patterns/07-lazy-async';

/** A promise the test settles by hand, so "while a creation is running" is a state, not a race. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('01.7 lazyAsync', () => {
  it('does not create anything until the first call', () => {
    const create = vi.fn(async () => 'config');
    lazyAsync(create);
    expect(create).not.toHaveBeenCalled();
  });

  it('gives concurrent first callers one creation and the same value', async () => {
    const pending = deferred<{ port: number }>();
    const create = vi.fn(() => pending.promise);
    const get = lazyAsync(create);

    const first = get();
    const second = get();
    pending.resolve({ port: 8080 });
    const [a, b] = await Promise.all([first, second]);

    expect(create).toHaveBeenCalledTimes(1);
    expect(a).toEqual({ port: 8080 });
    expect(b).toBe(a);
  });

  it('returns the created value to later callers without creating again', async () => {
    let made = 0;
    const get = lazyAsync(async () => ({ instance: ++made }));

    const first = await get();
    const later = await get();

    expect(later).toBe(first);
    expect(made).toBe(1);
  });

  it('remembers a value that is undefined', async () => {
    const create = vi.fn(async () => undefined);
    const get = lazyAsync(create);

    await get();
    await get();

    expect(create).toHaveBeenCalledTimes(1);
  });

  it('gives every caller of a failing creation its error, and retries on the next call', async () => {
    const pending = deferred<string>();
    const create = vi.fn().mockReturnValueOnce(pending.promise).mockResolvedValueOnce('second try');
    const get = lazyAsync<string>(create);

    const first = get();
    const second = get();
    pending.reject(new Error('connection refused'));

    await expect(first).rejects.toThrow('connection refused');
    await expect(second).rejects.toThrow('connection refused');
    expect(create).toHaveBeenCalledTimes(1);
    await expect(get()).resolves.toBe('second try');
    await expect(get()).resolves.toBe('second try');
    expect(create).toHaveBeenCalledTimes(2);
  });

  it('turns a create that throws synchronously into a rejection, and retries after it', async () => {
    const create = vi
      .fn<() => Promise<string>>()
      .mockImplementationOnce(() => {
        throw new TypeError('bad path');
      })
      .mockResolvedValueOnce('ok');
    const get = lazyAsync(create);

    let returned: Promise<string> | undefined;
    expect(() => (returned = get())).not.toThrow();
    await expect(returned).rejects.toThrow(TypeError);
    await expect(get()).resolves.toBe('ok');
  });
});
