import { describe, expect, it } from 'vitest';
import { FixedClock, systemClock } from '#exercise/02-architecture/06-fixed-clock';

const start = (): Date => new Date('2026-01-01T00:00:00.000Z');

describe('02.6 a Clock port: the system adapter and a fixed clock for tests', () => {
  it('the fixed clock tells the time it was given', () => {
    const clock = new FixedClock(start());
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('advance() moves it forward, and moves add up', () => {
    const clock = new FixedClock(start());

    clock.advance(15 * 60_000);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:15:00.000Z');
    clock.advance(1_500);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:15:01.500Z');
  });

  it('cannot be moved through the Date given to the constructor or a Date it returned', () => {
    const given = start();
    const clock = new FixedClock(given);

    given.setUTCFullYear(1999);
    clock.now().setUTCFullYear(2099);

    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('allows advance(0), which changes nothing', () => {
    const clock = new FixedClock(start());
    clock.advance(0);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('refuses to go back, or to move by NaN or an infinite amount', () => {
    const clock = new FixedClock(start());
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => clock.advance(ms)).toThrow(RangeError);
      expect(() => clock.advance(ms)).toThrow(/non-negative/);
    }
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('the system clock gives the current time, as a new Date each call', () => {
    const before = Date.now();
    const first = systemClock.now();
    const second = systemClock.now();
    const after = Date.now();

    expect(first).toBeInstanceOf(Date);
    expect(first.getTime()).toBeGreaterThanOrEqual(before);
    expect(second.getTime()).toBeLessThanOrEqual(after);
    expect(second).not.toBe(first);
  });
});
