import { describe, expect, it } from 'vitest';
import { Health } from '../../../chapters/08-production/health.js';
import type { DependencyCheck } from '../../../chapters/08-production/health.js';
import { cachedCheck } from '#exercise/08-production/01-cached-readiness-check';

/** A dependency whose answers the test scripts, counting calls. */
function scripted(
  name: string,
): DependencyCheck & { calls: number; failWith: Error | undefined; release?: () => void; gate: boolean } {
  const dependency = {
    name,
    calls: 0,
    failWith: undefined as Error | undefined,
    gate: false,
    release: undefined as (() => void) | undefined,
    async check(): Promise<void> {
      dependency.calls += 1;
      if (dependency.gate) await new Promise<void>((resolve) => (dependency.release = resolve));
      if (dependency.failWith) throw dependency.failWith;
    },
  };
  return dependency;
}

const signal = new AbortController().signal;

describe('08.1 cached readiness check', () => {
  it('keeps the name and timeout of the wrapped check', () => {
    const wrapped = cachedCheck(
      { name: 'mongo', timeoutMs: 250, check: async () => undefined },
      { ttlMs: 1, failureThreshold: 1, now: () => 0 },
    );
    expect(wrapped.name).toBe('mongo');
    expect(wrapped.timeoutMs).toBe(250);
  });

  it('runs the real check once per ttl, however many probes arrive', async () => {
    let now = 0;
    const db = scripted('db');
    const wrapped = cachedCheck(db, { ttlMs: 1_000, failureThreshold: 1, now: () => now });
    for (let i = 0; i < 20; i += 1) await wrapped.check(signal);
    now = 999;
    await wrapped.check(signal);
    expect(db.calls).toBe(1);
    now = 1_000;
    await wrapped.check(signal);
    expect(db.calls).toBe(2);
  });

  it('lets concurrent probes share one call', async () => {
    const db = scripted('db');
    db.gate = true;
    const wrapped = cachedCheck(db, { ttlMs: 0, failureThreshold: 1, now: () => 0 });
    const probes = Promise.all([wrapped.check(signal), wrapped.check(signal), wrapped.check(signal)]);
    await new Promise((resolve) => setImmediate(resolve));
    db.release?.();
    await probes;
    expect(db.calls).toBe(1);
  });

  it('reports down only after failureThreshold consecutive failures, with the real error, and recovers on success', async () => {
    let now = 0;
    const db = scripted('db');
    const wrapped = cachedCheck(db, { ttlMs: 10, failureThreshold: 3, now: () => now });
    db.failWith = new Error('ECONNRESET');
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      now += 10;
      outcomes.push(
        await wrapped.check(signal).then(
          () => 'up',
          (error: Error) => `down: ${error.message}`,
        ),
      );
    }
    db.failWith = undefined;
    now += 10;
    outcomes.push(
      await wrapped.check(signal).then(
        () => 'up',
        (error: Error) => `down: ${error.message}`,
      ),
    );
    expect(outcomes).toEqual(['up', 'up', 'down: ECONNRESET', 'down: ECONNRESET', 'up']);
  });

  it('plugs into the chapter Health: a blip does not make the instance unready', async () => {
    let now = 0;
    const db = scripted('db');
    const health = new Health({ checks: [cachedCheck(db, { ttlMs: 5, failureThreshold: 2, now: () => now })] });
    db.failWith = new Error('timeout');
    now = 10;
    expect((await health.readiness()).status).toBe('ready');
    now = 20;
    expect(await health.readiness()).toMatchObject({ status: 'not-ready', failing: ['db'] });
  });

  it('reuses an outcome for ttlMs from when the real check settled, not from when it started', async () => {
    let now = 0;
    const db = scripted('db');
    db.gate = true;
    const wrapped = cachedCheck(db, { ttlMs: 1_000, failureThreshold: 1, now: () => now });
    const first = wrapped.check(signal);
    await new Promise((resolve) => setImmediate(resolve));
    now = 500;
    db.gate = false;
    db.release?.();
    await first;
    now = 1_499;
    await wrapped.check(signal);
    expect(db.calls).toBe(1);
    now = 1_500;
    await wrapped.check(signal);
    expect(db.calls).toBe(2);
  });

  it('answers a fresh down outcome again without calling the dependency', async () => {
    let now = 0;
    const db = scripted('db');
    db.failWith = new Error('ECONNREFUSED');
    const wrapped = cachedCheck(db, { ttlMs: 100, failureThreshold: 1, now: () => now });
    await expect(wrapped.check(signal)).rejects.toThrow('ECONNREFUSED');
    now = 99;
    await expect(wrapped.check(signal)).rejects.toThrow('ECONNREFUSED');
    expect(db.calls).toBe(1);
  });

  it('starts counting failures again after one success', async () => {
    let now = 0;
    const db = scripted('db');
    const wrapped = cachedCheck(db, { ttlMs: 10, failureThreshold: 2, now: () => now });
    const probe = async (fails: boolean): Promise<string> => {
      db.failWith = fails ? new Error('blip') : undefined;
      now += 10;
      return wrapped.check(signal).then(
        () => 'up',
        () => 'down',
      );
    };
    const outcomes = [await probe(true), await probe(true), await probe(false), await probe(true), await probe(true)];
    expect(outcomes).toEqual(['up', 'down', 'up', 'up', 'down']);
  });

  it('lets concurrent probes share one failing call and its error', async () => {
    const db = scripted('db');
    db.gate = true;
    db.failWith = new Error('ETIMEDOUT');
    const wrapped = cachedCheck(db, { ttlMs: 0, failureThreshold: 1, now: () => 0 });
    const probes = Promise.allSettled([wrapped.check(signal), wrapped.check(signal)]);
    await new Promise((resolve) => setImmediate(resolve));
    db.release?.();
    const results = await probes;
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'up'))).toEqual([
      'ETIMEDOUT',
      'ETIMEDOUT',
    ]);
    expect(db.calls).toBe(1);
  });

  it('passes the probe signal to the wrapped check', async () => {
    const seen: AbortSignal[] = [];
    const wrapped = cachedCheck(
      { name: 'x', check: async (s) => void seen.push(s) },
      { ttlMs: 0, failureThreshold: 1, now: () => 0 },
    );
    await wrapped.check(signal);
    expect(seen).toEqual([signal]);
  });

  it('refuses options that make no sense, naming them', () => {
    const check: DependencyCheck = { name: 'x', check: async () => undefined };
    expect(() => cachedCheck(check, { ttlMs: -1, failureThreshold: 1, now: () => 0 })).toThrow(/ttlMs/);
    expect(() => cachedCheck(check, { ttlMs: 0, failureThreshold: 0, now: () => 0 })).toThrow(RangeError);
    expect(() => cachedCheck(check, { ttlMs: 0, failureThreshold: 1.5, now: () => 0 })).toThrow(/failureThreshold/);
    expect(() => cachedCheck(check, { ttlMs: Number.POSITIVE_INFINITY, failureThreshold: 1, now: () => 0 })).toThrow(
      /ttlMs/,
    );
    expect(() => cachedCheck(check, { ttlMs: Number.NaN, failureThreshold: 1, now: () => 0 })).toThrow(RangeError);
    expect(() => cachedCheck(check, { ttlMs: 0, failureThreshold: Number.NaN, now: () => 0 })).toThrow(
      /failureThreshold/,
    );
  });
});
