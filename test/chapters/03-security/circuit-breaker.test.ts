import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../chapters/03-security/rate-limit/circuit-breaker.js';

function breakerAt(start = 0): { breaker: CircuitBreaker; clock: { now: number } } {
  const clock = { now: start };
  return { breaker: new CircuitBreaker({ failureThreshold: 3, openMs: 5_000, now: () => clock.now }), clock };
}

describe('CircuitBreaker', () => {
  it('opens only after the threshold of failures in a row; a success in between starts the count again', () => {
    const { breaker } = breakerAt();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('turns half-open after openMs and lets exactly one probe out', () => {
    const { breaker, clock } = breakerAt();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    clock.now = 5_000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.isAvailable()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.isAvailable()).toBe(false);
  });

  it('re-opens for another openMs when the probe fails, and closes when it succeeds', () => {
    const { breaker, clock } = breakerAt();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    clock.now = 5_000;
    breaker.tryAcquire();
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    clock.now = 9_999;
    expect(breaker.tryAcquire()).toBe(false);
    clock.now = 10_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('replaces a probe that never reports back after openMs, so it cannot stay half-open for good', () => {
    const { breaker, clock } = breakerAt();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    clock.now = 5_000;
    expect(breaker.tryAcquire()).toBe(true); // this probe's caller gives up and never records anything
    clock.now = 9_999;
    expect(breaker.tryAcquire()).toBe(false);
    clock.now = 10_000;
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('refuses a threshold below 1 or a non-positive openMs', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ failureThreshold: 1.5 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ openMs: 0 })).toThrow(RangeError);
  });
});
