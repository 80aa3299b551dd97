import { describe, expect, it } from 'vitest';
import { ManualTimers } from '#exercise/05-testing/07-manual-timers';

describe('05.7 a clock with timers a test moves by hand', () => {
  it('starts at the given time (0 by default) and moves only by advance', () => {
    const timers = new ManualTimers(1_000);
    expect(timers.now()).toBe(1_000);
    timers.advance(250);
    timers.advance(0);
    expect(timers.now()).toBe(1_250);
    expect(new ManualTimers().now()).toBe(0);
  });

  it('runs a timer when the clock reaches its due time, not a millisecond before', () => {
    const timers = new ManualTimers(500);
    const fired: number[] = [];
    timers.setTimeout(() => fired.push(timers.now()), 100);
    timers.advance(99);
    expect(fired).toEqual([]);
    expect(timers.pending).toBe(1);
    timers.advance(1);
    expect(fired).toEqual([600]);
    expect(timers.pending).toBe(0);
    timers.advance(1_000);
    expect(fired).toEqual([600]);
  });

  it('runs due timers earliest first, equal due times in the order set, each seeing its own due time', () => {
    const timers = new ManualTimers();
    const fired: string[] = [];
    timers.setTimeout(() => fired.push(`c@${timers.now()}`), 30);
    timers.setTimeout(() => fired.push(`a@${timers.now()}`), 10);
    timers.setTimeout(() => fired.push(`b1@${timers.now()}`), 20);
    timers.setTimeout(() => fired.push(`b2@${timers.now()}`), 20);
    timers.setTimeout(() => fired.push(`late@${timers.now()}`), 51);
    timers.advance(50);
    expect(fired).toEqual(['a@10', 'b1@20', 'b2@20', 'c@30']);
    expect(timers.now()).toBe(50);
    expect(timers.pending).toBe(1);
  });

  it('never runs a cleared timer, and clearing one leaves the others alone', () => {
    const timers = new ManualTimers();
    const fired: string[] = [];
    const first = timers.setTimeout(() => fired.push('first'), 10);
    const second = timers.setTimeout(() => fired.push('second'), 10);
    expect(second).not.toBe(first);
    expect(Math.min(first, second)).toBeGreaterThan(0);
    expect(Number.isInteger(first) && Number.isInteger(second)).toBe(true);
    timers.clearTimeout(first);
    timers.clearTimeout(12_345);
    expect(timers.pending).toBe(1);
    timers.advance(10);
    expect(fired).toEqual(['second']);
    timers.clearTimeout(second);
    expect(timers.pending).toBe(0);
  });

  it('runs a zero-delay timer on the next advance, even advance(0), and not before', () => {
    const timers = new ManualTimers(7);
    let runs = 0;
    timers.setTimeout(() => (runs += 1), 0);
    expect(runs).toBe(0);
    timers.advance(0);
    expect(runs).toBe(1);
  });

  it('runs a timer set by a callback in the same advance when it falls due by the new time', () => {
    const timers = new ManualTimers();
    const fired: number[] = [];
    const tick = (): void => {
      fired.push(timers.now());
      timers.setTimeout(tick, 40);
    };
    timers.setTimeout(tick, 40);
    timers.advance(130);
    expect(fired).toEqual([40, 80, 120]);
    expect(timers.now()).toBe(130);
    timers.advance(30);
    expect(fired).toEqual([40, 80, 120, 160]);
  });

  it('refuses a negative, NaN or infinite delay with a RangeError', () => {
    const timers = new ManualTimers();
    for (const delay of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => timers.setTimeout(() => undefined, delay)).toThrow(RangeError);
      expect(() => timers.setTimeout(() => undefined, delay)).toThrow(
        `delay must be a finite number of milliseconds >= 0, got ${delay}`,
      );
    }
    expect(timers.pending).toBe(0);
  });

  it('refuses to advance by a negative, NaN or infinite amount and leaves the clock where it was', () => {
    const timers = new ManualTimers(100);
    let runs = 0;
    timers.setTimeout(() => (runs += 1), 0);
    for (const ms of [-5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => timers.advance(ms)).toThrow(RangeError);
      expect(() => timers.advance(ms)).toThrow(`advance must be a finite number of milliseconds >= 0, got ${ms}`);
    }
    expect(timers.now()).toBe(100);
    expect(runs).toBe(0);
  });
});
