/**
 * Chapter 4 demo: `npm run demo -- 04` (or `npx tsx chapters/04-performance/demo.ts`).
 * Uses Redis at REDIS_URL when set, else ioredis-mock; closes everything and exits by itself.
 */
import { connectRedis } from '../../platform/redis/redis-provider.js';
import { formatHitRate } from './cache-stats.js';
import { MemoryMonitor } from './memory-monitor.js';
import { TaskTimeoutError } from './pool-errors.js';
import { cacheRedisOptions, createTwoLevelCache } from './two-level-cache.js';
import { createWorkerPool } from './worker-pool.js';

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
  console.log(
    `  heap ${mib(report.heapUsed)} of ${mib(report.heapLimit)} (${(report.heapRatio * 100).toFixed(1)}%), container limit: ${report.rssLimit ? mib(report.rssLimit) : 'none reported'}`,
  );
  console.log(
    `  GC since start: ${report.gc.count} pauses, ${report.gc.totalMs.toFixed(1)} ms in total, ${garbage.length} objects made`,
  );
  monitor.stop();
  console.log(`  stopped: running = ${monitor.running}`);
}

async function poolDemo(): Promise<void> {
  heading('Worker pool: each task its own result, a timeout replaces only its thread');
  const pool = createWorkerPool({ size: 2 });
  const fibonacci = new URL('./tasks/fibonacci.ts', import.meta.url);
  const inputs = [25, 10, 20, 15];
  const results = await Promise.all(inputs.map((n) => pool.run<number>({ module: fibonacci, data: n })));
  console.log(`  fib(${inputs.join(', ')}) -> ${results.join(', ')}`);

  // fib(45) never yields: only ending its thread stops it. The pool replaces the thread; the other task is untouched.
  const quick = pool.run({ module: new URL('./tasks/echo.ts', import.meta.url), data: 'quick' });
  const slow = pool.run({ module: fibonacci, data: 45, timeoutMs: 200 }).catch((error: unknown) => error);
  console.log(
    `  echo -> ${String(await quick)}; fib(45) with a 200 ms timeout -> ${(await slow) instanceof TaskTimeoutError ? 'TaskTimeoutError' : 'finished?'}`,
  );
  console.log(
    `  threads after the timeout: ${pool.stats().threads} of ${pool.size}, crashes counted: ${pool.stats().crashes}`,
  );
  await pool.destroy();
  console.log(`  destroyed: ${pool.stats().threads} threads left`);
}

await cacheDemo();
await monitorDemo();
await poolDemo();
console.log('\nDone: everything was closed, so the process exits by itself.');
