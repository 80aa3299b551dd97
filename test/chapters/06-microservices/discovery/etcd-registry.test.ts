import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prefixRangeEnd } from '../../../../chapters/06-microservices/discovery/etcd-gateway.js';
import { EtcdRegistry } from '../../../../chapters/06-microservices/discovery/etcd-registry.js';
import type { ServiceInstance } from '../../../../chapters/06-microservices/discovery/registry.port.js';

const ETCD_URL = process.env.ETCD_URL;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Each test gets its own key prefix, so test files can run in parallel against one etcd. */
function registry(options: { ttlSeconds?: number; url?: string; lines?: string[] } = {}): EtcdRegistry {
  const created = new EtcdRegistry({
    url: options.url ?? ETCD_URL ?? 'http://127.0.0.1:1',
    prefix: `test-${randomUUID()}/`,
    ttlSeconds: options.ttlSeconds ?? 2,
    retryDelayMs: 50,
    maxRetryDelayMs: 200,
    log: (line) => options.lines?.push(line),
  });
  cleanups.push(() => created.close());
  return created;
}

/** A second registry on the same prefix: another process's view of the same etcd. */
function sameKeys(of: EtcdRegistry, options: { url?: string; lines?: string[] } = {}): EtcdRegistry {
  const prefix = of.keyOf({ service: '', id: '' }).slice(0, -1);
  const created = new EtcdRegistry({
    url: options.url ?? ETCD_URL ?? '',
    prefix,
    ttlSeconds: 2,
    retryDelayMs: 50,
    maxRetryDelayMs: 200,
    log: (line) => options.lines?.push(line),
  });
  cleanups.push(() => created.close());
  return created;
}

async function rawRange(key: string): Promise<{ kvs?: { lease?: string }[] }> {
  const response = await fetch(`${ETCD_URL}/v3/kv/range`, {
    method: 'POST',
    body: JSON.stringify({ key: Buffer.from(key).toString('base64') }),
  });
  return (await response.json()) as { kvs?: { lease?: string }[] };
}

const ports = (list: readonly ServiceInstance[]): number[] => list.map((i) => i.port).sort((a, b) => a - b);

describe('prefixRangeEnd', () => {
  it('is the prefix with its last byte incremented, base64-encoded', () => {
    expect(Buffer.from(prefixRangeEnd('services/orders/'), 'base64').toString()).toBe('services/orders0');
  });

  it('drops trailing 0xff bytes before incrementing', () => {
    expect(Buffer.from(prefixRangeEnd('a\u00ff'), 'base64')).toEqual(Buffer.from([0x61, 0xc3, 0xc0]));
  });
});

describe('EtcdRegistry options', () => {
  it('refuses a TTL below etcd’s 2 s minimum', () => {
    expect(() => new EtcdRegistry({ url: 'http://127.0.0.1:2379', ttlSeconds: 1 })).toThrow(/ttlSeconds/);
  });
});

describe.skipIf(!ETCD_URL)(`EtcdRegistry ${ETCD_URL ? '(real etcd)' : '(skipped: ETCD_URL is not set)'}`, () => {
  it('stores a registration under the service prefix, attached to a lease (real etcd)', async () => {
    const etcd = registry();
    const registration = await etcd.register({
      service: 'orders',
      address: '127.0.0.1',
      port: 4101,
      metadata: { zone: 'a' },
    });
    expect(await etcd.lookup('orders')).toEqual([
      { id: 'orders-127-0-0-1-4101', service: 'orders', address: '127.0.0.1', port: 4101, metadata: { zone: 'a' } },
    ]);
    const stored = await rawRange(etcd.keyOf(registration.instance));
    expect(stored.kvs?.[0]?.lease).toMatch(/^\d+$/);
    expect(await etcd.lookup('payments')).toEqual([]);
    await registration.deregister();
  });

  it('watch reports an instance joining, and leaving at once on deregister (real etcd)', async () => {
    const etcd = registry();
    const watch = await etcd.watch('orders');
    const lists: number[][] = [];
    watch.onChange((list) => lists.push(ports(list)));

    const one = await etcd.register({ service: 'orders', address: '127.0.0.1', port: 4101 });
    const two = await etcd.register({ service: 'orders', address: '127.0.0.1', port: 4102 });
    await vi.waitFor(() => expect(ports(watch.current())).toEqual([4101, 4102]));
    await one.deregister();
    await vi.waitFor(() => expect(ports(watch.current())).toEqual([4102]));
    expect(lists).toEqual([[4101], [4101, 4102], [4102]]);
    expect(ports(await etcd.lookup('orders'))).toEqual([4102]); // the watch's heartbeat key is not an instance
    await two.deregister();
    await watch.close();
  });

  it('keeps a live instance listed beyond its TTL by renewing the lease (real etcd)', { timeout: 20_000 }, async () => {
    const etcd = registry({ ttlSeconds: 2 });
    const registration = await etcd.register({ service: 'orders', address: '127.0.0.1', port: 4103 });
    await new Promise((resolve) => setTimeout(resolve, 4_500)); // more than two TTLs: only renewals keep it
    expect(ports(await etcd.lookup('orders'))).toEqual([4103]);
    await registration.deregister();
  });

  it(
    'drops an instance whose keep-alive stopped once its lease expires: no zombie entry (real etcd)',
    { timeout: 30_000 },
    async () => {
      const crashed = registry({ ttlSeconds: 2 });
      const observer = sameKeys(crashed);
      await crashed.register({ service: 'orders', address: '127.0.0.1', port: 4104 });
      const watch = await observer.watch('orders');
      expect(ports(watch.current())).toEqual([4104]);

      await crashed.close(); // keep-alive stops, nothing is revoked: what a crash leaves behind
      await vi.waitFor(() => expect(watch.current()).toEqual([]), { timeout: 15_000, interval: 100 });
      await watch.close();
    },
  );

  it('registers again under a new lease when its lease was lost (real etcd)', { timeout: 20_000 }, async () => {
    const lines: string[] = [];
    const etcd = registry({ ttlSeconds: 2, lines });
    const registration = await etcd.register({ service: 'orders', address: '127.0.0.1', port: 4105 });
    const lease = (await rawRange(etcd.keyOf(registration.instance))).kvs?.[0]?.lease;
    await fetch(`${ETCD_URL}/v3/lease/revoke`, { method: 'POST', body: JSON.stringify({ ID: lease }) });
    expect(await etcd.lookup('orders')).toEqual([]);

    await vi.waitFor(async () => expect(ports(await etcd.lookup('orders'))).toEqual([4105]), {
      timeout: 10_000,
      interval: 100,
    });
    expect(lines.join('\n')).toMatch(/lease of orders-127-0-0-1-4105 had expired; registering again/);
    await registration.deregister();
  });

  it(
    'serves the last good list while etcd is unreachable, and resumes the watch when it returns (real etcd)',
    { timeout: 30_000 },
    async () => {
      const writer = registry();
      const proxy = await TcpProxy.start(new URL(ETCD_URL!));
      cleanups.push(() => proxy.close());
      const lines: string[] = [];
      const reader = sameKeys(writer, { url: proxy.url, lines });
      const first = await writer.register({ service: 'orders', address: '127.0.0.1', port: 4106 });
      const watch = await reader.watch('orders');

      proxy.cut();
      await vi.waitFor(() =>
        expect(lines.join('\n')).toMatch(/watch on "orders" broke .*last good list of 1 instance/),
      );
      const second = await writer.register({ service: 'orders', address: '127.0.0.1', port: 4107 });
      expect(ports(watch.current())).toEqual([4106]);

      proxy.restore();
      await vi.waitFor(() => expect(ports(watch.current())).toEqual([4106, 4107]), { timeout: 15_000, interval: 100 });
      await Promise.all([first.deregister(), second.deregister()]);
      await watch.close();
    },
  );

  it(
    'notices a watch whose connection stopped passing traffic without closing, then re-reads: an instance etcd removed leaves the list (real etcd)',
    { timeout: 45_000 },
    async () => {
      const writer = registry();
      const proxy = await TcpProxy.start(new URL(ETCD_URL!));
      cleanups.push(() => proxy.close());
      const lines: string[] = [];
      const reader = sameKeys(writer, { url: proxy.url, lines });
      const leaving = await writer.register({ service: 'orders', address: '127.0.0.1', port: 4108 });
      const watch = await reader.watch('orders');
      const staying = await writer.register({ service: 'orders', address: '127.0.0.1', port: 4109 });
      await vi.waitFor(() => expect(ports(watch.current())).toEqual([4108, 4109])); // the watch stream is open and live

      proxy.stall(); // open connections stay open and pass nothing, as when a NAT or load balancer forgets a flow
      await leaving.deregister();
      // The design detects a silent watch within 10 s; 25 s leaves room for a busy machine and the reconnect's own
      // requests (those on stalled pooled connections time out first). Without detection it is stale forever.
      await vi.waitFor(() => expect(ports(watch.current())).toEqual([4109]), { timeout: 25_000, interval: 100 });
      expect(lines.join('\n')).toMatch(/watch on "orders" went silent/);
      await Promise.all([staying.deregister(), watch.close()]);
    },
  );
});

/** A loopback TCP proxy this test controls: `cut()` plays a network outage, `stall()` a silently dead connection. */
class TcpProxy {
  readonly #sockets = new Set<Socket>();
  readonly #pairs = new Set<[Socket, Socket]>();
  #down = false;

  private constructor(
    readonly server: Server,
    readonly target: URL,
  ) {}

  static async start(target: URL): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, target);
    server.on('connection', (client) => {
      if (proxy.#down) return client.destroy();
      const upstream = connect(Number(target.port), target.hostname);
      for (const socket of [client, upstream]) {
        proxy.#sockets.add(socket);
        socket.on('close', () => proxy.#sockets.delete(socket));
        socket.on('error', () => undefined); // a cut connection errors on both ends; closing is the point
      }
      const pair: [Socket, Socket] = [client, upstream];
      proxy.#pairs.add(pair);
      client.pipe(upstream).pipe(client);
      client.on('close', () => {
        proxy.#pairs.delete(pair);
        upstream.destroy();
      });
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  /** Open connections stop passing bytes but stay open (no FIN, no RST); new connections still pass. */
  stall(): void {
    for (const [client, upstream] of this.#pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  cut(): void {
    this.#down = true;
    for (const socket of this.#sockets) socket.destroy();
  }

  restore(): void {
    this.#down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
