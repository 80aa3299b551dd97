import { describe, expect, it } from 'vitest';
import { closedPort } from '../../../support/net.js';
import {
  connectRegistry,
  RegistryUnavailableError,
} from '../../../../chapters/06-microservices/discovery/registry-provider.js';

const quiet = (): void => {};

describe('the registry provider', () => {
  it('uses the in-memory registry when ETCD_URL is not set, and says so', async () => {
    const lines: string[] = [];
    const handle = await connectRegistry({ url: '', log: (line) => lines.push(line) });
    try {
      expect(handle.provider).toBe('in-memory');
      expect(handle.registry.kind).toBe('in-memory');
      expect(lines.join('\n')).toMatch(/registry: in-memory .*set ETCD_URL/);
      await handle.registry.register({ service: 'orders', address: '127.0.0.1', port: 4200 });
      expect(await handle.registry.lookup('orders')).toHaveLength(1);
    } finally {
      await handle.close();
    }
  });

  it('fails with RegistryUnavailableError, naming the URL, when ETCD_URL does not answer', async () => {
    const attempt = connectRegistry({
      url: `http://127.0.0.1:${await closedPort()}`,
      connectTimeoutMs: 1_000,
      log: quiet,
    });
    await expect(attempt).rejects.toBeInstanceOf(RegistryUnavailableError);
    await expect(attempt).rejects.toThrow(
      /ETCD_URL is set to http:\/\/127\.0\.0\.1:\d+\/ but etcd did not answer .*ECONNREFUSED/,
    );
  });

  it('refuses an ETCD_URL with credentials without repeating the password', async () => {
    const attempt = connectRegistry({ url: 'http://user:s3cret@127.0.0.1:2379', log: quiet });
    await expect(attempt).rejects.toThrow(/without credentials/);
    await expect(attempt).rejects.not.toThrow(/s3cret/);
  });

  it('fails with RegistryUnavailableError when ETCD_URL answers but is not etcd', async () => {
    const { createServer: createHttpServer } = await import('node:http');
    const server = createHttpServer((_req, res) => res.end('{"hello":"not etcd"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      await expect(connectRegistry({ url: `http://127.0.0.1:${port}`, log: quiet })).rejects.toThrow(
        /without an etcd version/,
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it.runIf(process.env.ETCD_URL)('uses the real etcd at ETCD_URL and names it (real etcd)', async () => {
    const lines: string[] = [];
    const handle = await connectRegistry({
      prefix: `test-${Date.now()}-${Math.random().toString(36).slice(2)}/`,
      log: (line) => lines.push(line),
    });
    try {
      expect(handle.provider).toBe('etcd');
      expect(lines.join('\n')).toMatch(/registry: etcd 3\.\d+\.\d+ at http:\/\/127\.0\.0\.1:2379\/ \(ETCD_URL\)/);
      const registration = await handle.registry.register({ service: 'orders', address: '127.0.0.1', port: 4201 });
      expect(await handle.registry.lookup('orders')).toHaveLength(1);
      await registration.deregister();
    } finally {
      await handle.close();
    }
  });
});
