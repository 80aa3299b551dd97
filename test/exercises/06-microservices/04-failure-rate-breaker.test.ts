import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryRegistry } from '../../../chapters/06-microservices/discovery/in-memory-registry.js';
import { createServiceClient } from '../../../chapters/06-microservices/discovery/service-client.js';
import {
  answers,
  startServer,
  type LoopbackServer,
} from '../../chapters/06-microservices/discovery/loopback-servers.js';
import { FailureRateBreaker } from '#exercise/06-microservices/04-failure-rate-breaker';

function clocked(overrides: Partial<ConstructorParameters<typeof FailureRateBreaker>[0]> = {}) {
  let time = 0;
  const breaker = new FailureRateBreaker({
    windowSize: 4,
    minimumCalls: 4,
    failureRateThreshold: 0.5,
    openMs: 1_000,
    now: () => time,
    ...overrides,
  });
  return { breaker, advance: (ms: number) => (time += ms) };
}

const servers: LoopbackServer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('06.4 a circuit breaker that opens on the failure rate', () => {
  it('gives no verdict before minimumCalls outcomes, then opens at the threshold rate', () => {
    const { breaker } = clocked();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed'); // 2 of 3 failed, but 3 < minimumCalls
    breaker.recordFailure();
    expect(breaker.state).toBe('open'); // 3 of 4 failed
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('stays closed while failures stay under the rate: one in four, however many in total', () => {
    const { breaker } = clocked();
    for (const failed of [true, false, false, false, true, false, false, false, true, false, false, false, true]) {
      if (failed) breaker.recordFailure();
      else breaker.recordSuccess();
      expect(breaker.state).toBe('closed');
    }
  });

  it('opens when the failure rate is exactly the threshold', () => {
    const { breaker } = clocked();
    breaker.recordSuccess();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open'); // 2 of 4 = 0.5
  });

  it('counts only the latest windowSize outcomes', () => {
    const { breaker } = clocked();
    for (let i = 0; i < 6; i += 1) breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open'); // the last 4 hold 2 failures, though 2 of all 8 is only a quarter
  });

  it('is available while closed, whatever it was asked before', () => {
    const { breaker } = clocked();
    for (let i = 0; i < 3; i += 1) expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.isAvailable()).toBe(true);
    expect(breaker.state).toBe('closed');
  });

  it('is half-open after openMs and lets one probe through at a time', () => {
    const { breaker, advance } = clocked({ minimumCalls: 1, failureRateThreshold: 1 });
    breaker.recordFailure();
    advance(999);
    expect(breaker.isAvailable()).toBe(false);
    advance(1);
    expect(breaker.state).toBe('half-open');
    expect(breaker.isAvailable()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.isAvailable()).toBe(false);
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('closes with an empty window when the probe succeeds', () => {
    const { breaker, advance } = clocked();
    for (let i = 0; i < 4; i += 1) breaker.recordFailure();
    advance(1_000);
    breaker.tryAcquire();
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    for (let i = 0; i < 3; i += 1) breaker.recordFailure(); // old failures are forgotten: 3 < minimumCalls
    expect(breaker.state).toBe('closed');
  });

  it('opens again for a full openMs when the probe fails', () => {
    const { breaker, advance } = clocked();
    for (let i = 0; i < 4; i += 1) breaker.recordFailure();
    advance(1_000);
    breaker.tryAcquire();
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('rejects options outside their range', () => {
    const base = { windowSize: 4, minimumCalls: 2, failureRateThreshold: 0.5, openMs: 1_000 };
    expect(() => new FailureRateBreaker({ ...base, windowSize: 0 })).toThrow(RangeError);
    expect(() => new FailureRateBreaker({ ...base, minimumCalls: 5 })).toThrow(/minimumCalls/);
    expect(() => new FailureRateBreaker({ ...base, failureRateThreshold: 0 })).toThrow(/failureRateThreshold/);
    expect(() => new FailureRateBreaker({ ...base, failureRateThreshold: 1.5 })).toThrow(/failureRateThreshold/);
    expect(() => new FailureRateBreaker({ ...base, openMs: 0 })).toThrow(/openMs/);
    expect(() => new FailureRateBreaker({ ...base, windowSize: 0 })).toThrow(/windowSize/);
    expect(() => new FailureRateBreaker({ ...base, windowSize: 4.5 })).toThrow(/windowSize/);
    expect(() => new FailureRateBreaker({ ...base, minimumCalls: 0 })).toThrow(/minimumCalls/);
    expect(() => new FailureRateBreaker({ ...base, minimumCalls: 1.5 })).toThrow(/minimumCalls/);
  });

  it('accepts the smallest window: one call, which opens it when it fails', () => {
    const { breaker } = clocked({ windowSize: 1, minimumCalls: 1, failureRateThreshold: 1 });
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
  });

  it('reads performance.now() when no clock is given', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const breaker = new FailureRateBreaker({ windowSize: 1, minimumCalls: 1, failureRateThreshold: 1, openMs: 1_000 });
    breaker.recordFailure();
    vi.advanceTimersByTime(999);
    expect(breaker.state).toBe('open');
    vi.advanceTimersByTime(1);
    expect(breaker.state).toBe('half-open');
  });

  it('plugs into the service client: a failing instance stops getting calls once its rate trips', async () => {
    const healthy = await startServer(answers('healthy'));
    const failing = await startServer(answers('failing', 503));
    servers.push(healthy, failing);
    const registry = new InMemoryRegistry();
    for (const s of [healthy, failing])
      await registry.register({ service: 'orders', address: '127.0.0.1', port: s.port });
    const client = createServiceClient({
      registry,
      service: 'orders',
      // Generous time limits: this test counts calls, and a busy machine must not turn a slow answer into a failure.
      attemptTimeoutMs: 10_000,
      deadlineMs: 10_000,
      breaker: () =>
        new FailureRateBreaker({ windowSize: 10, minimumCalls: 2, failureRateThreshold: 0.5, openMs: 60_000 }),
    });
    for (let i = 0; i < 10; i += 1) expect((await client.request('/')).status).toBe(200);
    expect(failing.hits()).toBe(2);
    await client.close();
    await registry.close();
  });
});
