import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EtcdRegistry } from '../../../../chapters/06-microservices/discovery/etcd-registry.js';
import {
  createServiceClient,
  type AttemptEvent,
} from '../../../../chapters/06-microservices/discovery/service-client.js';
import { startChildInstance, type ChildInstance } from './child-instance.js';

const ETCD_URL = process.env.ETCD_URL;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function child(prefix: string, name: string): Promise<ChildInstance> {
  const started = await startChildInstance(ETCD_URL!, prefix, name);
  cleanups.push(async () => {
    if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL');
    await started.exited;
  });
  return started;
}

const instanceOf = async (response: Response): Promise<string> =>
  ((await response.json()) as { instance: string }).instance;

describe.skipIf(!ETCD_URL)(`failover over etcd ${ETCD_URL ? '(real etcd)' : '(skipped: ETCD_URL is not set)'}`, () => {
  // #region failover
  it(
    'balances over two registered instances; when one is SIGKILLed, no call fails and it stops getting calls once its lease lapses (real etcd)',
    { timeout: 60_000 },
    async () => {
      const prefix = `test-${randomUUID()}/`;
      const [a, b] = await Promise.all([child(prefix, 'a'), child(prefix, 'b')]);
      const registry = new EtcdRegistry({ url: ETCD_URL!, prefix, ttlSeconds: 2 });
      const attempts: AttemptEvent[] = [];
      const client = createServiceClient({
        registry,
        service: 'orders',
        deadlineMs: 3_000,
        onAttempt: (event) => attempts.push(event),
      });
      cleanups.push(
        () => registry.close(),
        () => client.close(),
      );

      await vi.waitFor(async () => expect((await client.ready()).length).toBe(2), { timeout: 10_000 });
      const before = new Set<string>();
      for (let i = 0; i < 6; i += 1) before.add(await instanceOf(await client.request('/orders/1')));
      expect(before).toEqual(new Set(['a', 'b']));

      b.child.kill('SIGKILL'); // no shutdown, no deregistration: only the lease can tell etcd
      await b.exited;
      const answers: string[] = [];
      const failedCalls: unknown[] = [];
      // Keep calling until the registry has dropped b; every call must still succeed (retried on a).
      await vi.waitFor(
        async () => {
          await client
            .request('/orders/1')
            .then(instanceOf)
            .then(
              (name) => answers.push(name),
              (error: unknown) => failedCalls.push(error),
            );
          expect(client.instances().map((i) => i.id)).toEqual([a.id]);
        },
        { timeout: 20_000, interval: 50 },
      );
      expect(failedCalls).toEqual([]);
      expect(answers.length).toBeGreaterThan(0);
      expect(answers.every((name) => name === 'a')).toBe(true);
      expect(attempts.some((event) => event.instance.id === b.id && event.outcome === 'failure')).toBe(true);

      const attemptsBefore = attempts.length;
      for (let i = 0; i < 10; i += 1) expect(await instanceOf(await client.request('/orders/1'))).toBe('a');
      expect(
        attempts.slice(attemptsBefore).every((event) => event.instance.id === a.id && event.outcome === 'success'),
      ).toBe(true);
    },
  );
  // #endregion failover

  it(
    'on SIGTERM an instance finishes its in-flight request, deregisters at once and exits by itself with code 0 (real etcd)',
    { timeout: 60_000 },
    async () => {
      const prefix = `test-${randomUUID()}/`;
      const instance = await child(prefix, 'a');
      const registry = new EtcdRegistry({ url: ETCD_URL!, prefix, ttlSeconds: 2 });
      cleanups.push(() => registry.close());
      const watch = await registry.watch('orders');
      expect(watch.current().map((i) => i.id)).toEqual([instance.id]);

      const inFlight = fetch(`http://127.0.0.1:${instance.port}/slow`);
      await vi.waitFor(() => expect(instance.stdout()).toMatch(/slow request started/));
      instance.child.kill('SIGTERM');
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await instanceOf(response)).toBe('a');

      expect(await instance.exited).toEqual({ code: 0, signal: null });
      // Revoked, not expired: gone well before the 2 s TTL could have removed it.
      await vi.waitFor(() => expect(watch.current()).toEqual([]), { timeout: 1_500, interval: 20 });
      await watch.close();
    },
  );
});
