import { describe, expect, it } from 'vitest';
import { ConsecutiveFailureBreaker } from '../../../../chapters/06-microservices/discovery/circuit-breaker.js';

function clocked(failureThreshold = 3, openMs = 1_000) {
  let time = 0;
  const breaker = new ConsecutiveFailureBreaker({ failureThreshold, openMs, now: () => time });
  return { breaker, advance: (ms: number) => (time += ms) };
}

describe('ConsecutiveFailureBreaker', () => {
  it('stays closed until failureThreshold failures in a row', () => {
    const { breaker } = clocked(3);
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('a success in between resets the count', () => {
    const { breaker } = clocked(3);
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
  });

  it('turns half-open after openMs and lets exactly one probe through', () => {
    const { breaker, advance } = clocked(1, 1_000);
    breaker.recordFailure();
    advance(999);
    expect(breaker.isAvailable()).toBe(false);
    advance(1);
    expect(breaker.state).toBe('half-open');
    expect(breaker.isAvailable()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('closes when the probe succeeds', () => {
    const { breaker, advance } = clocked(1, 1_000);
    breaker.recordFailure();
    advance(1_000);
    breaker.tryAcquire();
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('re-opens for another openMs when the probe fails', () => {
    const { breaker, advance } = clocked(3, 1_000);
    for (let i = 0; i < 3; i += 1) breaker.recordFailure();
    advance(1_000);
    breaker.tryAcquire();
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    advance(999);
    expect(breaker.isAvailable()).toBe(false);
    advance(1);
    expect(breaker.state).toBe('half-open');
  });

  it('lets a new probe out when the previous one never reported back within openMs', () => {
    const { breaker, advance } = clocked(1, 1_000);
    breaker.recordFailure();
    advance(1_000);
    expect(breaker.tryAcquire()).toBe(true);
    advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('rejects a threshold below 1 and a non-positive openMs', () => {
    expect(() => new ConsecutiveFailureBreaker({ failureThreshold: 0 })).toThrow(/failureThreshold/);
    expect(() => new ConsecutiveFailureBreaker({ openMs: 0 })).toThrow(/openMs/);
  });
});
