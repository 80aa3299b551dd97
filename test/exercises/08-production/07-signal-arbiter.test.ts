import { describe, expect, it } from 'vitest';
import { SignalArbiter } from '#exercise/08-production/07-signal-arbiter';

describe('08.7 signal arbiter', () => {
  it('starts the shutdown on the first signal, whichever kind it is', () => {
    expect(new SignalArbiter(200).receive('SIGTERM', 1_000)).toBe('start-shutdown');
    expect(new SignalArbiter(200).receive('SIGINT', 0)).toBe('start-shutdown');
  });

  it('ignores the same signal arriving again inside the window (a terminal and npm both forwarding Ctrl+C)', () => {
    const arbiter = new SignalArbiter(200);
    arbiter.receive('SIGINT', 1_000);
    expect(arbiter.receive('SIGINT', 1_003)).toBe('ignore-duplicate');
    expect(arbiter.receive('SIGINT', 1_199)).toBe('ignore-duplicate');
  });

  it('forces the exit when the same signal comes again once the window has passed, its end included', () => {
    const exactlyAtTheEnd = new SignalArbiter(200);
    exactlyAtTheEnd.receive('SIGINT', 1_000);
    expect(exactlyAtTheEnd.receive('SIGINT', 1_200)).toBe('force-exit');

    const later = new SignalArbiter(200);
    later.receive('SIGTERM', 1_000);
    expect(later.receive('SIGTERM', 5_000)).toBe('force-exit');
  });

  it('forces the exit on a different signal, even inside the window', () => {
    const arbiter = new SignalArbiter(200);
    arbiter.receive('SIGTERM', 1_000);
    expect(arbiter.receive('SIGINT', 1_001)).toBe('force-exit');
  });

  it('measures the window from the first signal: ignored duplicates do not extend it', () => {
    const arbiter = new SignalArbiter(200);
    expect(arbiter.receive('SIGTERM', 1_000)).toBe('start-shutdown');
    expect(arbiter.receive('SIGTERM', 1_150)).toBe('ignore-duplicate');
    expect(arbiter.receive('SIGTERM', 1_250)).toBe('force-exit');
  });

  it('compares later signals with the first one, not with the last one', () => {
    const arbiter = new SignalArbiter(200);
    arbiter.receive('SIGTERM', 1_000);
    expect(arbiter.receive('SIGINT', 1_010)).toBe('force-exit');
    expect(arbiter.receive('SIGTERM', 1_020)).toBe('ignore-duplicate');
  });

  it('forces on every later signal when the window is 0', () => {
    const arbiter = new SignalArbiter(0);
    arbiter.receive('SIGINT', 1_000);
    expect(arbiter.receive('SIGINT', 1_000)).toBe('force-exit');
  });

  it('refuses a negative or non-finite window, naming the option', () => {
    expect(() => new SignalArbiter(-1)).toThrow(RangeError);
    expect(() => new SignalArbiter(-1)).toThrow(/duplicateWindowMs/);
    expect(() => new SignalArbiter(Number.NaN)).toThrow(/duplicateWindowMs/);
    expect(() => new SignalArbiter(Number.POSITIVE_INFINITY)).toThrow(/duplicateWindowMs/);
  });
});
