import { describe, expect, it, vi } from 'vitest';
import { PatternError } from '../../../chapters/01-design-patterns/pattern-error.js';
import { configuredSingleton, SingletonOptionsError } from '#exercise/01-design-patterns/08-configured-singleton';

interface PoolOptions {
  readonly url: string;
  readonly pool: { readonly max: number };
}

class Pool {
  constructor(readonly options: PoolOptions) {}
}

const options = (max = 10): PoolOptions => ({ url: 'mongodb://db/app', pool: { max } });

describe('01.8 configuredSingleton', () => {
  it('builds nothing until get() is called, then builds once from its options', () => {
    const build = vi.fn((o: PoolOptions) => new Pool(o));
    const holder = configuredSingleton('database', build);
    expect(build).not.toHaveBeenCalled();

    const pool = holder.get(options());

    expect(build).toHaveBeenCalledTimes(1);
    expect(pool.options).toEqual(options());
  });

  it('returns the same instance for options equal by value, without building again', () => {
    const build = vi.fn((o: PoolOptions) => new Pool(o));
    const holder = configuredSingleton('database', build);

    const first = holder.get(options());
    const second = holder.get(options());

    expect(second).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('refuses different options with SingletonOptionsError naming the singleton, even a nested difference', () => {
    const build = vi.fn((o: PoolOptions) => new Pool(o));
    const holder = configuredSingleton('database', build);
    holder.get(options(10));

    expect(() => holder.get(options(50))).toThrow(SingletonOptionsError);
    expect(() => holder.get({ ...options(10), url: 'mongodb://other/app' })).toThrow(/^database already exists/);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('gives the error a stable code, as every error of the chapter has', () => {
    const holder = configuredSingleton('cache', (o: PoolOptions) => new Pool(o));
    holder.get(options(1));
    try {
      holder.get(options(2));
      expect.unreachable('get() with other options must throw');
    } catch (error) {
      expect(error).toBeInstanceOf(PatternError);
      expect(error).toMatchObject({ code: 'SINGLETON_OPTIONS_CONFLICT', singletonName: 'cache' });
    }
  });

  it('keeps nothing when build throws, so the next get() builds from its own options', () => {
    const build = vi
      .fn((o: PoolOptions) => new Pool(o))
      .mockImplementationOnce(() => {
        throw new Error('bad url');
      });
    const holder = configuredSingleton('database', build);

    expect(() => holder.get(options(10))).toThrow('bad url');
    const pool = holder.get(options(20));

    expect(pool.options.pool.max).toBe(20);
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('reset() forgets the instance: the next get() builds anew with its own options', () => {
    const holder = configuredSingleton('database', (o: PoolOptions) => new Pool(o));
    const before = holder.get(options(10));

    holder.reset();
    const after = holder.get(options(20));

    expect(after).not.toBe(before);
    expect(after.options.pool.max).toBe(20);
    expect(holder.get(options(20))).toBe(after);
  });
});
