import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConsulRegistry,
  normaliseConsulHealth,
} from '../../../../chapters/06-microservices/discovery/consul-registry.js';
import {
  InvalidRegistrationError,
  RegistryRequestError,
} from '../../../../chapters/06-microservices/discovery/discovery-error.js';
import { FakeConsul } from './fake-consul.js';
import { answers, startServer, type LoopbackServer } from './loopback-servers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ consul: FakeConsul; registry: ConsulRegistry; lines: string[] }> {
  const consul = await FakeConsul.start();
  const lines: string[] = [];
  const registry = new ConsulRegistry({
    url: consul.url,
    waitSeconds: 5,
    retryDelayMs: 20,
    maxRetryDelayMs: 50,
    deregisterCriticalAfter: '90s',
    log: (line) => lines.push(line),
  });
  cleanups.push(
    () => consul.close(),
    () => registry.close(),
  );
  return { consul, registry, lines };
}

async function instance(name: string, status = 200): Promise<LoopbackServer> {
  const server = await startServer(answers(name, status));
  cleanups.push(() => server.close());
  return server;
}

describe('ConsulRegistry (fake Consul API on loopback)', () => {
  it('registers a stable id, the advertised address, an HTTP check on that address and DeregisterCriticalServiceAfter (fake Consul API on loopback)', async () => {
    const { consul, registry } = await setup();
    const server = await instance('a');
    const registration = await registry.register({
      service: 'orders',
      address: '127.0.0.1',
      port: server.port,
      healthPath: '/health/ready',
    });

    expect(registration.instance.id).toBe(`orders-127-0-0-1-${server.port}`);
    const stored = consul.registrations.get(registration.instance.id)?.service;
    expect(stored).toMatchObject({
      ID: registration.instance.id,
      Name: 'orders',
      Address: '127.0.0.1',
      Port: server.port,
      Check: { HTTP: `http://127.0.0.1:${server.port}/health/ready`, DeregisterCriticalServiceAfter: '90s' },
    });
  });

  it('re-registering the same instance after a restart replaces its entry instead of adding a second (fake Consul API on loopback)', async () => {
    const { consul, registry } = await setup();
    await registry.register({ service: 'orders', address: '127.0.0.1', port: 4100 });
    await registry.register({ service: 'orders', address: '127.0.0.1', port: 4100 });
    expect(consul.registrations.size).toBe(1);
  });

  it('refuses to advertise 0.0.0.0, which no other machine can connect to (fake Consul API on loopback)', async () => {
    const { consul, registry } = await setup();
    await expect(registry.register({ service: 'orders', address: '0.0.0.0', port: 4100 })).rejects.toBeInstanceOf(
      InvalidRegistrationError,
    );
    expect(consul.requests).toEqual([]);
  });

  it('asks for passing instances only and returns the healthy ones (fake Consul API on loopback)', async () => {
    const { consul, registry } = await setup();
    const healthy = await instance('healthy');
    const failing = await instance('failing', 503);
    await registry.register({ service: 'orders', address: '127.0.0.1', port: healthy.port });
    await registry.register({ service: 'orders', address: '127.0.0.1', port: failing.port });
    await consul.runChecks();

    const found = await registry.lookup('orders');
    expect(found.map((i) => i.port)).toEqual([healthy.port]);
    expect(consul.requests.at(-1)).toBe('GET /v1/health/service/orders?passing=true');
  });

  it('returns the same normalised shape from lookup and from every refresh of a watch (fake Consul API on loopback)', async () => {
    const { consul, registry } = await setup();
    const a = await instance('a');
    const b = await instance('b');
    await registry.register({ service: 'orders', address: '127.0.0.1', port: a.port, metadata: { version: '1.4.0' } });
    await consul.runChecks();
    const watch = await registry.watch('orders');
    const shape = (list: readonly object[]): string[][] => list.map((entry) => Object.keys(entry).sort());

    await registry.register({ service: 'orders', address: '127.0.0.1', port: b.port });
    await consul.runChecks();
    await vi.waitFor(() => expect(watch.current()).toHaveLength(2));

    expect(shape(watch.current())).toEqual([
      ['address', 'id', 'metadata', 'port', 'service'],
      ['address', 'id', 'metadata', 'port', 'service'],
    ]);
    expect(shape(watch.current())).toEqual(shape(await registry.lookup('orders')));
    expect(watch.current().find((i) => i.port === a.port)?.metadata).toEqual({ version: '1.4.0' });
    await watch.close();
  });

  it('follows changes with blocking queries (index and wait), not by polling (fake Consul API on loopback)', async () => {
    const { consul, registry } = await setup();
    const a = await instance('a');
    const watch = await registry.watch('orders');
    const seen: number[] = [];
    watch.onChange((list) => seen.push(list.length));

    await registry.register({ service: 'orders', address: '127.0.0.1', port: a.port });
    await consul.runChecks();
    await vi.waitFor(() => expect(seen).toEqual([1]));

    const blocking = consul.requests.filter((r) => r.startsWith('GET /v1/health/service/orders?passing=true&index='));
    expect(blocking.length).toBeGreaterThan(0);
    expect(blocking[0]).toMatch(/&index=\d+&wait=5s$/);
    await watch.close();
  });

  it('serves the last good list while Consul is unreachable, stays alive, and catches up when it returns (fake Consul API on loopback)', async () => {
    const { consul, registry, lines } = await setup();
    const a = await instance('a');
    const b = await instance('b');
    await registry.register({ service: 'orders', address: '127.0.0.1', port: a.port });
    await consul.runChecks();
    const watch = await registry.watch('orders');
    expect(watch.current()).toHaveLength(1);

    consul.setDown(true); // the held blocking query is cut, and every retry is refused
    await vi.waitFor(() =>
      expect(lines.join('\n')).toMatch(/refreshing "orders" failed .*serving the last good list of 1 instance/),
    );
    const failedSoFar = consul.requests.length;
    await vi.waitFor(() => expect(consul.requests.length).toBe(failedSoFar)); // cut connections never reach the handler
    expect(watch.current().map((i) => i.port)).toEqual([a.port]);

    consul.setDown(false);
    await registry.register({ service: 'orders', address: '127.0.0.1', port: b.port });
    await consul.runChecks();
    await vi.waitFor(() =>
      expect(
        watch
          .current()
          .map((i) => i.port)
          .sort(),
      ).toEqual([a.port, b.port].sort()),
    );
    expect(lines.join('\n')).toMatch(/refreshed again after \d+ failed attempt/);
    await watch.close();
  });

  it('deregisters by id, and the watch drops the instance (fake Consul API on loopback)', async () => {
    const { consul, registry } = await setup();
    const a = await instance('a');
    const registration = await registry.register({ service: 'orders', address: '127.0.0.1', port: a.port });
    await consul.runChecks();
    const watch = await registry.watch('orders');
    expect(watch.current()).toHaveLength(1);

    await registration.deregister();
    await vi.waitFor(() => expect(watch.current()).toEqual([]));
    expect(consul.requests).toContain(`PUT /v1/agent/service/deregister/${registration.instance.id}`);
    await watch.close();
  });

  it('rejects a lookup with RegistryRequestError when Consul is down and there is no list yet (fake Consul API on loopback)', async () => {
    const { consul, registry } = await setup();
    consul.setDown(true);
    await expect(registry.lookup('orders')).rejects.toBeInstanceOf(RegistryRequestError);
  });
});

describe('normaliseConsulHealth', () => {
  const entry = (overrides: { Address?: string; Status?: string; Port?: unknown; ID?: string } = {}) => ({
    Node: { Node: 'n1', Address: '10.0.0.9' },
    Service: {
      ID: overrides.ID ?? 'orders-1',
      Service: 'orders',
      Address: overrides.Address ?? '10.0.0.5',
      Port: overrides.Port ?? 3000,
      Meta: null,
    },
    Checks: [{ Status: 'passing' }, { Status: overrides.Status ?? 'passing' }],
  });

  it('keeps only entries whose every check passes', () => {
    expect(
      normaliseConsulHealth('orders', [entry(), entry({ ID: 'orders-2', Status: 'critical' })]).map((i) => i.id),
    ).toEqual(['orders-1']);
  });

  it("uses the node's address when the service registered none", () => {
    expect(normaliseConsulHealth('orders', [entry({ Address: '' })])[0]?.address).toBe('10.0.0.9');
  });

  it('skips malformed entries and turns a null Meta into an empty object', () => {
    expect(normaliseConsulHealth('orders', [entry({ Port: 'x' }), { Service: null }, entry()])).toEqual([
      { id: 'orders-1', service: 'orders', address: '10.0.0.5', port: 3000, metadata: {} },
    ]);
  });

  it('rejects a body that is not an array', () => {
    expect(() => normaliseConsulHealth('orders', { error: 'x' })).toThrow(RegistryRequestError);
  });
});
