import { afterEach, describe, expect, it } from 'vitest';
import {
  NoInstanceAvailableError,
  ServiceCallFailedError,
} from '../../../../chapters/06-microservices/discovery/discovery-error.js';
import { InMemoryRegistry } from '../../../../chapters/06-microservices/discovery/in-memory-registry.js';
import {
  createServiceClient,
  type AttemptEvent,
  type ServiceClientOptions,
} from '../../../../chapters/06-microservices/discovery/service-client.js';
import { answers, startServer, type LoopbackServer } from './loopback-servers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(handler: Parameters<typeof startServer>[0]): Promise<LoopbackServer> {
  const started = await startServer(handler);
  cleanups.push(() => started.close());
  return started;
}

async function setup(servers: LoopbackServer[], options: Partial<ServiceClientOptions> = {}) {
  const registry = new InMemoryRegistry();
  for (const s of servers) await registry.register({ service: 'orders', address: '127.0.0.1', port: s.port });
  const attempts: AttemptEvent[] = [];
  const client = createServiceClient({
    registry,
    service: 'orders',
    onAttempt: (event) => attempts.push(event),
    ...options,
  });
  cleanups.push(
    () => registry.close(),
    () => client.close(),
  );
  return { registry, client, attempts };
}

const body = async (response: Response): Promise<unknown> =>
  ((await response.json()) as { instance: unknown }).instance;

describe('createServiceClient', () => {
  it('balances calls over the listed instances in turn', async () => {
    const a = await server(answers('a'));
    const b = await server(answers('b'));
    const { client } = await setup([a, b]);
    const seen: unknown[] = [];
    for (let i = 0; i < 4; i += 1) seen.push(await body(await client.request('/orders/1')));
    expect(seen.sort()).toEqual(['a', 'a', 'b', 'b']);
  });

  it('retries on another instance when one refuses connections: no failed call reaches the caller', async () => {
    const a = await server(answers('a'));
    const gone = await server(answers('gone'));
    await gone.close(); // still listed, nothing listening: every connection is refused
    const { client, attempts } = await setup([a, gone]);
    for (let i = 0; i < 4; i += 1) expect(await body(await client.request('/orders/1'))).toBe('a');
    expect(attempts.some((e) => e.outcome === 'failure' && /ECONNREFUSED/.test(e.error ?? ''))).toBe(true);
  });

  it('retries a 503 on another instance for an idempotent call', async () => {
    const busy = await server(answers('busy', 503));
    const a = await server(answers('a'));
    const { client } = await setup([busy, a]);
    for (let i = 0; i < 3; i += 1) expect(await body(await client.request('/orders/1'))).toBe('a');
  });

  it('does not repeat a POST that reached a server, but does send it elsewhere when the connection was refused', async () => {
    const busy = await server(answers('busy', 503));
    const { client } = await setup([busy]);
    const response = await client.request('/orders', { method: 'POST', body: '{}' });
    expect(response.status).toBe(503);
    expect(busy.hits()).toBe(1);

    const a = await server(answers('a'));
    const gone = await server(answers('gone'));
    await gone.close();
    const second = await setup([gone, a]);
    for (let i = 0; i < 2; i += 1)
      expect(await body(await second.client.request('/orders', { method: 'POST', body: '{}' }))).toBe('a');
  });

  it('returns a 4xx at once and counts it as a healthy answer', async () => {
    const a = await server(answers('a', 404));
    const { client, attempts } = await setup([a]);
    expect((await client.request('/orders/404')).status).toBe(404);
    expect(attempts).toEqual([expect.objectContaining({ outcome: 'success', status: 404 })]);
  });

  it('opens the circuit of a failing instance and stops sending to it, then probes it after openMs', async () => {
    let time = 0;
    let bHealthy = false;
    const a = await server(answers('a'));
    const b = await server((req, res) => answers('b', bHealthy ? 200 : 503)(req, res));
    const { client } = await setup([a, b], { now: () => time });
    for (let i = 0; i < 12; i += 1) await client.request('/orders/1');
    const bHitsWhenOpen = b.hits();
    expect(bHitsWhenOpen).toBe(3); // the default breaker opens after 3 consecutive failures
    for (let i = 0; i < 6; i += 1) expect(await body(await client.request('/orders/1'))).toBe('a');
    expect(b.hits()).toBe(bHitsWhenOpen);

    bHealthy = true;
    time += 5_000; // the default openMs
    const seen: unknown[] = [];
    for (let i = 0; i < 4; i += 1) seen.push(await body(await client.request('/orders/1')));
    expect(seen).toContain('b'); // the probe succeeded and closed the circuit
    expect(b.hits()).toBeGreaterThan(bHitsWhenOpen + 1);
  });

  it('abandons an instance that hangs after attemptTimeoutMs and answers from another', async () => {
    const hanging = await server(() => undefined); // never answers; close() cuts the connection
    const a = await server(answers('a'));
    const { client } = await setup([hanging, a], { attemptTimeoutMs: 200, deadlineMs: 5_000 });
    for (let i = 0; i < 2; i += 1) expect(await body(await client.request('/orders/1'))).toBe('a');
  });

  it('fails with DISCOVERY_DEADLINE_EXCEEDED, listing the tries, when the deadline passes first', async () => {
    const hanging = await server(() => undefined);
    const { client } = await setup([hanging], { attemptTimeoutMs: 5_000, deadlineMs: 150 });
    const error = await client.request('/orders/1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceCallFailedError);
    expect((error as ServiceCallFailedError).code).toBe('DISCOVERY_DEADLINE_EXCEEDED');
    expect((error as ServiceCallFailedError).attempts).toHaveLength(1);
  });

  it('fails with DISCOVERY_CALL_FAILED after maxAttempts when every instance fails', async () => {
    const a = await server(answers('a', 503));
    const b = await server(answers('b', 503));
    const { client } = await setup([a, b], { maxAttempts: 2 });
    const response = await client.request('/orders/1');
    expect(response.status).toBe(503); // the last try's answer is returned as it is
    expect(a.hits() + b.hits()).toBe(2);
  });

  it('throws NoInstanceAvailableError when the registry lists nothing', async () => {
    const { client } = await setup([]);
    await expect(client.request('/orders/1')).rejects.toBeInstanceOf(NoInstanceAvailableError);
  });

  it('follows the registry: a new instance gets calls, a deregistered one gets none', async () => {
    const a = await server(answers('a'));
    const b = await server(answers('b'));
    const { client, registry } = await setup([a]);
    await client.ready();
    const joined = await registry.register({ service: 'orders', address: '127.0.0.1', port: b.port });
    const seen = new Set<unknown>();
    for (let i = 0; i < 4; i += 1) seen.add(await body(await client.request('/')));
    expect(seen).toEqual(new Set(['a', 'b']));

    await joined.deregister();
    const hits = b.hits();
    for (let i = 0; i < 4; i += 1) await client.request('/');
    expect(b.hits()).toBe(hits);
    expect(client.instances().map((i) => i.port)).toEqual([a.port]);
  });

  it('stops at once when the caller aborts, without blaming the instance', async () => {
    const controller = new AbortController();
    const hanging = await server(() => controller.abort(new Error('client went away'))); // aborts once the call arrived
    const { client, attempts } = await setup([hanging]);
    const call = client.request('/orders/1', { signal: controller.signal });
    await expect(call).rejects.toThrow('client went away');
    expect(attempts).toEqual([]);
  });
});
