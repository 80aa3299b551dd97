/**
 * Chapter 1 demo: `npm run demo -- 01` (or `npx tsx chapters/01-design-patterns/demo.ts`).
 * Shows each pattern doing what the guide's version gets wrong, then closes everything and exits by itself.
 */
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncSingleton } from './async-singleton.js';
import { createLoggerFactory } from './logger-kinds.js';
import { TypedEventBus } from './typed-event-bus.js';

function heading(text: string): void {
  console.log(`\n== ${text}`);
}

async function singletonDemo(): Promise<void> {
  heading('Singleton: one creation for concurrent callers, and a failure is not cached');
  let attempts = 0;
  const connection = new AsyncSingleton({
    name: 'flaky connection',
    create: async () => {
      attempts += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (attempts === 1) throw new Error('ECONNREFUSED (the server is still starting)');
      return { id: attempts };
    },
    dispose: () => console.log('  disposed the connection'),
  });

  const first = await Promise.allSettled([connection.get(), connection.get(), connection.get()]);
  console.log(`  3 concurrent calls -> ${attempts} attempt, outcomes: ${first.map((r) => r.status).join(', ')}`);
  const [a, b] = await Promise.all([connection.get(), connection.get()]);
  console.log(`  next calls retried -> ${attempts} attempts in total, same instance: ${a === b}, id ${a.id}`);
  await connection.dispose();
  console.log(`  state after dispose: ${connection.state}`);
}

async function factoryDemo(): Promise<void> {
  heading('Factory: kinds registered from outside, options checked at creation');
  const loggers = createLoggerFactory();
  console.log(`  known kinds: ${loggers.kinds().join(', ')}`);
  for (const [kind, options] of [
    ['elastic', { host: 'elasticsearch:9200' }],
    ['file', { path: '' }],
  ] as const) {
    try {
      loggers.createFromConfig(kind, options);
    } catch (error) {
      console.log(`  createFromConfig('${kind}') -> ${(error as Error).message.split('\n').join(' ')}`);
    }
  }

  const dir = await mkdtemp(join(tmpdir(), 'workbook-demo-'));
  try {
    const path = join(dir, 'app.log');
    const file = loggers.create('file', { path });
    for (let i = 1; i <= 3; i += 1) file.log('info', 'order paid', { orderId: `o-${i}` });
    await file.close(); // resolves once every line is on disk
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    console.log(`  file logger wrote ${lines.length} lines through one stream; last: ${lines.at(-1)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function observerDemo(): Promise<void> {
  heading('Observer: nobody skipped, async failures handled, emit can be awaited');
  const bus = new TypedEventBus<{ 'payment.received': { orderId: string } }>({
    onError: (error, { event }) => console.log(`  onError(${event}): ${(error as Error).message}`),
  });
  const calls: string[] = [];
  const offAudit = bus.subscribe('payment.received', () => {
    calls.push('audit (then unsubscribes)');
    offAudit();
  });
  bus.subscribe('payment.received', () => {
    calls.push('notify user');
  });
  bus.subscribe('payment.received', async () => {
    await Promise.resolve();
    throw new Error('invoice service unavailable');
  });

  bus.emit('payment.received', { orderId: 'o-1' });
  console.log(`  listeners called: ${calls.join(' | ')}`);
  await new Promise((resolve) => setImmediate(resolve)); // let the rejected listener reach onError

  try {
    await bus.emitAndWait('payment.received', { orderId: 'o-2' });
  } catch (error) {
    console.log(`  emitAndWait rejected: ${(error as Error).message}`);
  }
  bus.clear();
  console.log(`  listeners left after clear(): ${bus.listenerCount()}`);
}

await singletonDemo();
await factoryDemo();
await observerDemo();
console.log('\nDone: everything was closed, so the process exits by itself.');
