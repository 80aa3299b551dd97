import { describe, expect, it } from 'vitest';
import { TtlCache } from '#subject/05-testing/11-ttl-cache-tests';

/** A clock the test moves by hand, injected through `now`: no fake timers needed, and no real waiting. */
function manualClock(startMs = 1_000): { now: () => number; advance: (ms: number) => void } {
  let nowMs = startMs;
  return { now: () => nowMs, advance: (ms) => (nowMs += ms) };
}

describe('05.11 a bounded cache whose entries expire', () => {
  it('returns what was set, and nothing for a key never set', () => {
    const cache = new TtlCache<string, number>({ ttlMs: 100, maxEntries: 10, now: manualClock().now });
    cache.set('a', 1);
    expect(cache.get('a')).toBe(1);
    expect(cache.has('a')).toBe(true);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.has('b')).toBe(false);
    expect(cache.size).toBe(1);
  });

  it('keeps an entry until a millisecond before ttlMs and forgets it at exactly ttlMs', () => {
    const clock = manualClock();
    const cache = new TtlCache<string, number>({ ttlMs: 100, maxEntries: 10, now: clock.now });
    cache.set('a', 1);
    clock.advance(99);
    expect(cache.get('a')).toBe(1);
    clock.advance(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.has('a')).toBe(false);
  });

  it('counts only live entries in size', () => {
    const clock = manualClock();
    const cache = new TtlCache<string, number>({ ttlMs: 100, maxEntries: 10, now: clock.now });
    cache.set('a', 1);
    clock.advance(50);
    cache.set('b', 2);
    expect(cache.size).toBe(2);
    clock.advance(60);
    expect(cache.size).toBe(1);
    clock.advance(50);
    expect(cache.size).toBe(0);
  });

  it('replaces the value of a live key and starts its time to live again', () => {
    const clock = manualClock();
    const cache = new TtlCache<string, string>({ ttlMs: 100, maxEntries: 10, now: clock.now });
    cache.set('a', 'old');
    clock.advance(80);
    cache.set('a', 'new');
    clock.advance(80);
    expect(cache.get('a')).toBe('new');
    clock.advance(30);
    expect(cache.get('a')).toBeUndefined();
  });

  it('evicts the least recently used entry when full, and a get counts as a use', () => {
    const cache = new TtlCache<string, number>({ ttlMs: 1_000, maxEntries: 2, now: manualClock().now });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('does not count has as a use', () => {
    const cache = new TtlCache<string, number>({ ttlMs: 1_000, maxEntries: 2, now: manualClock().now });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.has('a')).toBe(true);
    cache.set('c', 3);
    expect(cache.has('a')).toBe(false);
    expect(cache.has('b')).toBe(true);
  });

  it('evicts nothing when a key already held is set again in a full cache', () => {
    const cache = new TtlCache<string, number>({ ttlMs: 1_000, maxEntries: 2, now: manualClock().now });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBe(2);
    expect(cache.get('a')).toBe(10);
  });

  it('drops expired entries before evicting a live one', () => {
    const clock = manualClock();
    const cache = new TtlCache<string, number>({ ttlMs: 100, maxEntries: 2, now: clock.now });
    cache.set('old', 1);
    clock.advance(10);
    cache.set('live', 2);
    clock.advance(40);
    cache.get('old');
    clock.advance(55);
    cache.set('new', 3);
    expect(cache.get('live')).toBe(2);
    expect(cache.get('new')).toBe(3);
  });

  it('deletes a live entry once, and reports an expired one as not there', () => {
    const clock = manualClock();
    const cache = new TtlCache<string, number>({ ttlMs: 100, maxEntries: 10, now: clock.now });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    expect(cache.get('a')).toBeUndefined();
    clock.advance(150);
    expect(cache.delete('b')).toBe(false);
  });

  it('refuses a ttlMs or maxEntries that is not a whole number >= 1', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => new TtlCache({ ttlMs: bad, maxEntries: 10 })).toThrow(RangeError);
      expect(() => new TtlCache({ ttlMs: 100, maxEntries: bad })).toThrow(RangeError);
    }
    expect(() => new TtlCache({ ttlMs: 1, maxEntries: 1 })).not.toThrow();
  });
});
