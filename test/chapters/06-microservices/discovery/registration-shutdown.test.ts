import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { GracefulShutdown } from '../../../../chapters/08-production/graceful-shutdown.js';
import { InMemoryRegistry } from '../../../../chapters/06-microservices/discovery/in-memory-registry.js';
import { closeDiscoveryOnShutdown } from '../../../../chapters/06-microservices/discovery/registration-shutdown.js';
import { startServer } from './loopback-servers.js';

describe('closeDiscoveryOnShutdown', () => {
  it('deregisters only after the in-flight request finished, then closes the registry, without exiting', async () => {
    const registry = new InMemoryRegistry();
    let release: () => void = () => undefined;
    const server = await startServer((_req, res) => {
      release = () => res.end('done');
    });
    const order: string[] = [];
    const shutdown = new GracefulShutdown({ servers: [server.server], drainTimeoutMs: 5_000 });
    const registration = await registry.register({ service: 'orders', address: '127.0.0.1', port: server.port });
    closeDiscoveryOnShutdown(shutdown, {
      registry: { close: async () => void order.push('registry closed') },
      registration: {
        instance: registration.instance,
        deregister: async () => {
          order.push('deregistered');
          await registration.deregister();
        },
      },
    });
    const signals = new EventEmitter();
    shutdown.listen(signals);

    const inFlight = fetch(`http://127.0.0.1:${server.port}/slow`);
    await vi.waitFor(() => expect(server.hits()).toBe(1));
    signals.emit('SIGTERM', 'SIGTERM');
    await vi.waitFor(() => expect(shutdown.state).toBe('draining'));
    expect(await registry.lookup('orders')).toHaveLength(1); // still listed while the request runs
    expect(order).toEqual([]);

    release();
    expect(await (await inFlight).text()).toBe('done');
    const result = await shutdown.shutdown();
    expect(result.outcome).toBe('clean');
    expect(order).toEqual(['deregistered', 'registry closed']);
    expect(await registry.lookup('orders')).toEqual([]);
    await registry.close();
    await server.close();
  });
});
