import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAmqpEventBus, type AmqpEventBus } from '../../../chapters/06-microservices/amqp-event-bus.js';
import { idempotent, InMemoryProcessedStore } from '../../../chapters/06-microservices/idempotent-consumer.js';
import { PublishTimeoutError } from '../../../chapters/06-microservices/messaging-error.js';
import { collector } from './event-bus-contract.js';
import {
  closeAllConnections,
  connectionNames,
  createPrivateVhost,
  rabbitmqctlMissing,
  type PrivateVhost,
} from './rabbitmq-admin.js';

const missing = rabbitmqctlMissing();

/** Runs the lifecycle fixture in a child process and resolves with its exit code and output. */
async function runChild(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = fileURLToPath(new URL('./fixtures/bus-lifecycle.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000); // a process that hangs is the failure we look for
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

describe('close() leaves nothing running', () => {
  it('a child process using the in-memory broker exits by itself after close()', { timeout: 30_000 }, async () => {
    const { AMQP_URL: _unset, ...env } = process.env;
    const result = await runChild(env);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('closed in-memory') });
  });
});

describe.skipIf(missing !== false)(`outages${missing ? ` (skipped: ${missing})` : ''} (real RabbitMQ)`, () => {
  let vhost: PrivateVhost;
  beforeAll(async () => {
    vhost = await createPrivateVhost('outage');
  });
  afterAll(async () => {
    await vhost?.remove();
  });

  it('a child process using RabbitMQ exits by itself after close() (real RabbitMQ)', { timeout: 30_000 }, async () => {
    const result = await runChild({ ...process.env, AMQP_URL: vhost.url });
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('closed rabbitmq') });
  });

  // #region outage
  it(
    'loses no confirmed message when the broker closes every connection mid-stream, and ends with one connection per client (real RabbitMQ)',
    { timeout: 60_000 },
    async () => {
      const logs: Record<string, string[]> = { publisher: [], consumer: [] };
      const open = (name: 'publisher' | 'consumer'): Promise<AmqpEventBus> =>
        connectAmqpEventBus({
          url: vhost.url,
          exchange: 'outage',
          connectionName: `outage-${name}`,
          reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 },
          publishTimeoutMs: 20_000,
          log: (line) => logs[name]?.push(line),
        });
      const [publisher, consumer] = await Promise.all([open('publisher'), open('consumer')]);
      const handled = new Map<string, number>();
      const unique = collector<string>();
      await consumer.subscribe(
        { group: 'ledger', topics: ['payment.captured'], prefetch: 20 },
        idempotent(
          async (message) => {
            handled.set(message.messageId, (handled.get(message.messageId) ?? 0) + 1);
            unique.push(message.messageId);
          },
          { store: new InMemoryProcessedStore() },
        ),
      );

      // Publish a steady stream; cut every connection of the vhost part-way through, and keep publishing after it.
      const confirmed: string[] = [];
      const failed: unknown[] = [];
      let outage: Promise<void> | undefined;
      let afterOutage = 0;
      let outageOver = false;
      let sequence = 0;
      const publishOne = async (): Promise<void> => {
        const n = sequence++;
        try {
          const { messageId } = await publisher.publish({ topic: 'payment.captured', payload: { n } });
          confirmed.push(messageId);
          if (outageOver) afterOutage++;
        } catch (error) {
          failed.push(error);
        }
      };
      while (!(outageOver && afterOutage >= 100) && sequence < 20_000) {
        await Promise.all(Array.from({ length: 5 }, publishOne));
        if (!outage && confirmed.length >= 100) {
          outage = closeAllConnections(vhost.name, 'test outage').then(() => void (outageOver = true));
        }
      }
      await outage;

      await unique.until(confirmed.length, 30_000);
      expect(failed).toEqual([]);
      expect(new Set(unique.items)).toEqual(new Set(confirmed));
      expect([...handled.values()].every((count) => count === 1)).toBe(true);
      // Each client noticed the outage and reconnected once.
      for (const name of ['publisher', 'consumer']) {
        expect(
          logs[name]?.filter((line) => line.includes('reconnected')),
          `${name} log:\n${logs[name]?.join('\n')}`,
        ).toHaveLength(1);
      }
      expect((await connectionNames(vhost.name)).sort()).toEqual(['outage-consumer', 'outage-publisher']);

      await Promise.all([publisher.close(), consumer.close()]);
      expect(await connectionNames(vhost.name)).toEqual([]);
    },
  );
  // #endregion outage

  it(
    'holds a publish during an outage until the broker is back, and rejects with PublishTimeoutError if it stays away (real RabbitMQ)',
    { timeout: 60_000 },
    async () => {
      // A loopback proxy this test controls: "the network" between the bus and RabbitMQ.
      const target = new URL(vhost.url);
      const sockets = new Set<net.Socket>();
      const proxy = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5672), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => socket.destroy());
          socket.on('close', () => sockets.delete(socket));
        }
        client.pipe(upstream).pipe(client);
      });
      proxy.listen(0, '127.0.0.1');
      await once(proxy, 'listening');
      const port = (proxy.address() as net.AddressInfo).port;
      const cut = async (): Promise<void> => {
        const closed = new Promise((resolve) => proxy.close(resolve));
        for (const socket of sockets) socket.destroy();
        await closed;
      };
      const viaProxy = new URL(vhost.url);
      viaProxy.host = `127.0.0.1:${port}`;
      const lines: string[] = [];
      const bus = await connectAmqpEventBus({
        url: viaProxy.toString(),
        exchange: 'proxied',
        publishTimeoutMs: 1_500,
        reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
        log: (line) => lines.push(line),
      });
      try {
        await cut();
        await expect(bus.publish({ topic: 'order.placed', payload: 'lost?' })).rejects.toThrow(PublishTimeoutError);

        const waiting = bus.publish({ topic: 'order.placed', payload: 'held' });
        proxy.listen(port, '127.0.0.1');
        await once(proxy, 'listening');
        await expect(waiting).resolves.toMatchObject({ messageId: expect.any(String) });
        expect(lines.some((line) => line.includes('reconnected'))).toBe(true);
      } finally {
        await bus.close();
        await cut().catch(() => undefined);
      }
    },
  );
});
