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
  });

  it('refuses a maxSize below 1 at construction', () => {
    const { create } = pools();
    expect(() => new KeyedSingleton({ create, maxSize: 0 })).toThrow(RangeError);
  });
});
