import { describe, expect, it, vi } from 'vitest';
import { SingletonDisposedError } from '../../../chapters/01-design-patterns/async-singleton.js';
import { KeyedSingleton } from '#exercise/01-design-patterns/02-keyed-singleton';

interface Pool {
  readonly tenant: string;
  readonly serial: number;
}

function pools(): { create: (key: string, signal: AbortSignal) => Promise<Pool>; made: string[] } {
  const made: string[] = [];
  return {
    made,
    create: async (key) => {
      made.push(key);
      await Promise.resolve();
      return { tenant: key, serial: made.length };
    },
  };
}

describe('01.2 a keyed singleton (one resource per key)', () => {
  it('creates one resource per key, shared by concurrent callers', async () => {
    const { create, made } = pools();
    const registry = new KeyedSingleton({ create });

    const results = await Promise.all([registry.get('acme'), registry.get('acme'), registry.get('acme')]);

    expect(made).toEqual(['acme']);
    expect(new Set(results).size).toBe(1);
    expect(results[0]?.tenant).toBe('acme');
  });

  it('keeps separate resources for separate keys', async () => {
    const { create, made } = pools();
    const registry = new KeyedSingleton({ create });
    const [acme, globex] = await Promise.all([registry.get('acme'), registry.get('globex')]);
    expect(acme).not.toBe(globex);
    expect(made.sort()).toEqual(['acme', 'globex']);
    expect(registry.size).toBe(2);
    expect(registry.has('acme')).toBe(true);
  });

  it('does not cache a failed creation and leaves no entry behind', async () => {
    let calls = 0;
    const registry = new KeyedSingleton<string>({
      create: async (key) => {
        calls += 1;
        if (calls === 1) throw new Error(`cannot reach ${key}`);
        return `pool:${key}`;
      },
    });

    await expect(registry.get('acme')).rejects.toThrow('cannot reach acme');
    expect(registry.size).toBe(0);
    expect(registry.has('acme')).toBe(false);
    await expect(registry.get('acme')).resolves.toBe('pool:acme');
  });

  it('evicts and disposes the least recently used key when maxSize is exceeded', async () => {
    const { create } = pools();
    const dispose = vi.fn();
    const registry = new KeyedSingleton({ create, dispose, maxSize: 2 });

    await registry.get('a');
    await registry.get('b');
    await registry.get('a'); // a is now more recent than b
    await registry.get('c');

    expect(registry.size).toBe(2);
    expect(registry.has('b')).toBe(false);
    expect(registry.has('a')).toBe(true);
    await registry.disposeAll(); // waits for the eviction's disposal too
    expect(dispose.mock.calls.map(([, key]) => key as string)).toEqual(['b', 'a', 'c']);
  });

  it('delete(key) disposes only that key, and the next get creates it anew', async () => {
    const { create, made } = pools();
    const dispose = vi.fn();
    const registry = new KeyedSingleton({ create, dispose });
    const first = await registry.get('acme');
    await registry.get('globex');

    await registry.delete('acme');

    expect(dispose).toHaveBeenCalledTimes(1);
    expect(dispose).toHaveBeenCalledWith(first, 'acme');
    const second = await registry.get('acme');
    expect(second).not.toBe(first);
    expect(made).toEqual(['acme', 'globex', 'acme']);
  });

  it('disposeAll() disposes every resource and refuses later calls', async () => {
    const { create } = pools();
    const dispose = vi.fn();
    const registry = new KeyedSingleton({ name: 'tenant pools', create, dispose });
    await registry.get('acme');
    await registry.get('globex');

    await registry.disposeAll();

    expect(dispose).toHaveBeenCalledTimes(2);
    expect(registry.size).toBe(0);
    await expect(registry.get('acme')).rejects.toBeInstanceOf(SingletonDisposedError);
    await expect(registry.get('acme')).rejects.toMatchObject({ singletonName: 'tenant pools' });
  });

  it('accepts maxSize 1 and then keeps only the key used last', async () => {
    const { create } = pools();
    const registry = new KeyedSingleton({ create, maxSize: 1 });
    await registry.get('a');
    await registry.get('b');
    expect(registry.size).toBe(1);
    expect(registry.has('b')).toBe(true);
    expect(registry.has('a')).toBe(false);
  });

  it('refuses a maxSize that is not a whole number, naming the option', () => {
    const { create } = pools();
    expect(new KeyedSingleton({ create, maxSize: 3 }).size).toBe(0);
    expect(() => new KeyedSingleton({ create, maxSize: 2.5 })).toThrow(RangeError);
    expect(() => new KeyedSingleton({ create, maxSize: 0 })).toThrow(/maxSize/);
  });

  it('names itself "keyed singleton" in its errors when no name is given', async () => {
    const registry = new KeyedSingleton({ create: pools().create });
    await registry.disposeAll();
    await expect(registry.get('acme')).rejects.toMatchObject({ singletonName: 'keyed singleton' });
  });

  it('delete() of a key it does not hold does nothing', async () => {
    const dispose = vi.fn();
    const registry = new KeyedSingleton({ create: pools().create, dispose });
    await registry.get('acme');
    await expect(registry.delete('globex')).resolves.toBeUndefined();
    expect(dispose).not.toHaveBeenCalled();
    expect(registry.has('acme')).toBe(true);
  });

  it('drops resources without a dispose option: delete, eviction and disposeAll all succeed', async () => {
    const registry = new KeyedSingleton({ create: pools().create, maxSize: 1 });
    await registry.get('a');
    await registry.get('b'); // evicts a
    await registry.get('c'); // evicts b
    await expect(registry.delete('c')).resolves.toBeUndefined();
    await registry.get('d');
    await expect(registry.disposeAll()).resolves.toBeUndefined();
  });

  it('disposeAll() waits for an eviction whose disposal is still running', async () => {
    let releaseA!: () => void;
    const registry = new KeyedSingleton({
      create: pools().create,
      dispose: (_pool, key) => (key === 'a' ? new Promise<void>((resolve) => (releaseA = resolve)) : undefined),
      maxSize: 1,
    });
    await registry.get('a');
    await registry.get('b'); // evicts a; its disposal hangs until releaseA()

    let done = false;
    const disposing = registry.disposeAll().then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    releaseA();
    await disposing;
    expect(done).toBe(true);
  });

  it('disposeAll() disposes everything, then rejects with an AggregateError of every failure, evictions included', async () => {
    const disposed: string[] = [];
    const registry = new KeyedSingleton({
      name: 'tenant pools',
      create: pools().create,
      dispose: (_pool, key) => {
        disposed.push(key);
        if (key !== 'b') throw new Error(`cannot close ${key}`);
      },
      maxSize: 2,
    });
    await registry.get('a');
    await registry.get('b');
    await registry.get('c'); // evicts a, whose disposal fails in the background

    const outcome = await registry.disposeAll().catch((error: unknown) => error);

    expect(disposed.sort()).toEqual(['a', 'b', 'c']);
    expect(outcome).toBeInstanceOf(AggregateError);
    const aggregate = outcome as AggregateError;
    expect(aggregate.errors.map((error: Error) => error.message).sort()).toEqual(['cannot close a', 'cannot close c']);
    expect(aggregate.message).toContain('tenant pools');
  });

  it("aborts a creation whose key is deleted; its late failure leaves the key's new entry alone", async () => {
    const signals: AbortSignal[] = [];
    const registry = new KeyedSingleton<string>({
      name: 'pools',
      create: (key, signal) => {
        signals.push(signal);
        if (signals.length > 1) return Promise.resolve(`pool:${key}:again`);
        return new Promise<string>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      },
    });

    const first = registry.get('a').catch((error: unknown) => error);
    const deleting = registry.delete('a');
    const second = registry.get('a');

    const failure = await first;
    expect(failure).toBeInstanceOf(SingletonDisposedError);
    expect(failure).toMatchObject({ singletonName: 'pools[a]' });
    await deleting;
    await expect(second).resolves.toBe('pool:a:again');
    expect(registry.has('a')).toBe(true);
    expect(registry.size).toBe(1);
  });

  it('refuses a maxSize below 1 at construction', () => {
    const { create } = pools();
    expect(() => new KeyedSingleton({ create, maxSize: 0 })).toThrow(RangeError);
  });
});
