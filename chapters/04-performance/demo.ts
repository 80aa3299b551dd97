/**
 * Chapter 4 demo: `npm run demo -- 04` (or `npx tsx chapters/04-performance/demo.ts`).
 * Uses Redis at REDIS_URL when set, else ioredis-mock; closes everything and exits by itself.
 */
import { connectRedis } from '../../platform/redis/redis-provider.js';
import { formatHitRate } from './cache-stats.js';
import { MemoryMonitor } from './memory-monitor.js';
import { cacheRedisOptions, createTwoLevelCache } from './two-level-cache.js';

function heading(text: string): void {
  console.log(`\n== ${text}`);
}

async function cacheDemo(): Promise<void> {
  heading('Two-level cache: falsy values, Dates, single flight, tags across instances');
  const redis = await connectRedis({ options: cacheRedisOptions });
  const namespace = `demo-${process.pid}`;
  const a = await createTwoLevelCache({ redis, namespace });
  const b = await createTwoLevelCache({ redis, namespace });
  console.log(`  fresh cache hit rate: ${formatHitRate(a.stats().overall)}`);

  await a.set('stock:pen', 0);
  const fromL1 = await a.get('stock:pen');
  const fromL2 = await b.get('stock:pen');
  console.log(`  0 from L1 -> ${JSON.stringify(fromL1)}; from L2 -> ${JSON.stringify(fromL2)}`);

  await a.set('order:1', { placedAt: new Date('2024-05-01T10:00:00Z') }, { tags: ['orders'] });
  const order = await b.get<{ placedAt: Date }>('order:1');
  console.log(`  Date back from Redis is a Date: ${order.hit && order.value.placedAt instanceof Date}`);

  let loads = 0;
  await Promise.all(
    Array.from({ length: 50 }, () =>
      a.getOrSet('report', async () => {
        loads += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return { total: 42 };
      }),
    ),
  );
  console.log(`  50 concurrent cold reads -> ${loads} load`);

  await a.invalidateTag('orders');
  await new Promise((resolve) => setTimeout(resolve, 50)); // the message travels through Redis pub/sub
  console.log(`  after invalidateTag('orders') in A, B's L1 has order:1: ${b.peek('order:1').hit}`);
  console.log(`  A overall hit rate ${formatHitRate(a.stats().overall)}, loads ${a.stats().loads}`);
  await a.close();
  await b.close();
  await redis.close();
}

async function monitorDemo(): Promise<void> {
  heading('Memory monitor: heap against its real limit, event-loop delay, GC pauses');
  const monitor = new MemoryMonitor({ onAlert: (alert) => console.log(`  alert: ${alert.kind}`) });
  monitor.start();
  const garbage: unknown[] = [];
  for (let i = 0; i < 200_000; i += 1) garbage.push({ i, text: `item ${i}` });
  // GC entries reach the observer asynchronously: let them arrive before measuring.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const report = monitor.check();
  const mib = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MiB`;
  console.log(`  heap ${mib(report.heapUsed)} of ${mib(report.heapLimit)} (${(report.heapRatio * 100).toFixed(1)}%), container limit: ${report.rssLimit ? mib(report.rssLimit) : 'none reported'}`);
  console.log(`  GC since start: ${report.gc.count} pauses, ${report.gc.totalMs.toFixed(1)} ms in total, ${garbage.length} objects made`);
  monitor.stop();
  console.log(`  stopped: running = ${monitor.running}`);
}

await cacheDemo();
await monitorDemo();
console.log('\nDone: everything was closed, so the process exits by itself.');
