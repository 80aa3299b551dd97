import { afterEach, describe, expect, it } from 'vitest';
import { ServiceCallFailedError } from '../../../chapters/06-microservices/discovery/discovery-error.js';
import { InMemoryRegistry } from '../../../chapters/06-microservices/discovery/in-memory-registry.js';
import { createServiceClient } from '../../../chapters/06-microservices/discovery/service-client.js';
import { startServer, type LoopbackServer } from '../../chapters/06-microservices/discovery/loopback-servers.js';
import { tokenRetryBudget } from '#exercise/06-microservices/06-retry-budget';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('06.6 a retry budget (gRPC-style retry throttling)', () => {
  it('starts full and allows retries', () => {
    const budget = tokenRetryBudget({ maxTokens: 10, tokenRatio: 0.1 });
    expect(budget.tokens).toBe(10);
    expect(budget.canRetry()).toBe(true);
  });

  it('takes one token per failure and refuses retries at half the bucket or less', () => {
    const budget = tokenRetryBudget({ maxTokens: 4, tokenRatio: 0.5 });
    budget.recordFailure();
    expect(budget.tokens).toBe(3);
    expect(budget.canRetry()).toBe(true);
    budget.recordFailure();
    expect(budget.tokens).toBe(2);
    expect(budget.canRetry()).toBe(false);
  });

  it('never goes below 0 nor above maxTokens', () => {
    const budget = tokenRetryBudget({ maxTokens: 2, tokenRatio: 1 });
    for (let i = 0; i < 5; i += 1) budget.recordFailure();
    expect(budget.tokens).toBe(0);
    for (let i = 0; i < 5; i += 1) budget.recordSuccess();
    expect(budget.tokens).toBe(2);
  });

  it('earns retries back with successes, tokenRatio at a time', () => {
    const budget = tokenRetryBudget({ maxTokens: 4, tokenRatio: 0.5 });
    for (let i = 0; i < 4; i += 1) budget.recordFailure();
    for (let i = 0; i < 4; i += 1) budget.recordSuccess();
    expect(budget.tokens).toBe(2);
    expect(budget.canRetry()).toBe(false);
    budget.recordSuccess();
    expect(budget.canRetry()).toBe(true);
  });

  it('rejects options outside their range', () => {
    expect(() => tokenRetryBudget({ maxTokens: 0, tokenRatio: 0.1 })).toThrow(/maxTokens/);
    expect(() => tokenRetryBudget({ maxTokens: 10, tokenRatio: 0 })).toThrow(/tokenRatio/);
    expect(() => tokenRetryBudget({ maxTokens: 10, tokenRatio: 2 })).toThrow(RangeError);
  });

  it('in the service client, stops retries against a service that is down instead of tripling its load', async () => {
    const down = await startServer((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    servers.push(down);
    const registry = new InMemoryRegistry();
    await registry.register({ service: 'orders', address: '127.0.0.1', port: down.port });
    const client = createServiceClient({
      registry,
      service: 'orders',
      maxAttempts: 3,
      // Generous time limits: this test counts retries, and a busy machine must not turn one into a deadline.
      attemptTimeoutMs: 10_000,
      deadlineMs: 10_000,
      breaker: () => ({
        state: 'closed',
        isAvailable: () => true,
        tryAcquire: () => true,
        recordSuccess: () => undefined,
        recordFailure: () => undefined,
      }),
      retryBudget: tokenRetryBudget({ maxTokens: 4, tokenRatio: 0.5 }),
    });
    const first = await client.request('/').catch((error: unknown) => error);
    expect(first).toBeInstanceOf(ServiceCallFailedError);
    expect((first as Error).message).toMatch(/retry budget exhausted/);
    expect(down.hits()).toBe(2); // one retry, then the budget said no

    await client.request('/').catch(() => undefined);
    expect(down.hits()).toBe(3); // no retry at all now
    await client.close();
    await registry.close();
  });
});
