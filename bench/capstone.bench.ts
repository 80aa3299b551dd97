/**
 * The capstone against bare Express, in one run on one machine:
 * 1. cached `GET /api/products` (metrics, request logging at silent, helmet, the general rate limit, the two-level
 *    cache answering from L1) against an Express 5 "hello world", same autocannon settings (goal: ratio >= 0.7);
 * 2. order intake: orders a second from `POST /api/orders` to `confirmed`, against a bare driver script doing an
 *    order's three essential writes on the same MongoDB engine at the same concurrency (goal: ratio >= 0.25), and the
 *    MongoDB commands per order counted by the driver's command monitoring (goal: <= 8); on the embedded defaults,
 *    and on real Redis and RabbitMQ when REDIS_URL and AMQP_URL are set. The service is timed from its first request
 *    to its last decision, the baseline from its first write to its last; both clients monitor their commands. A
 *    third script replays the service's own MongoDB commands with no service code (bench/service-command-mix.ts):
 *    its ratio is the ceiling for those commands on this engine, and the gap below it is the service's code;
 * 3. `--soak` only (`npm run bench -- capstone --soak [--soak-seconds=300]`): RSS under mixed load, sampled every
 *    5 s, and its slope. Not run by default or in CI.
 * The servers run in this process; autocannon and the order callers in children of their own (bench/load-generator.ts); on the reference
 * machine two cores are shared with other work: read the ratios. NODE_ENV=production, as the image runs.
 */
import { setTimeout as delay } from 'node:timers/promises';
import express from 'express';
import { listenOnLoopback } from '../chapters/05-testing/harness/loopback-server.js';
import { runLoadGate } from '../chapters/05-testing/load-gate/run-gate.js';
import { orderScenario, prepareOrderScenario } from '../capstone/loadtest/capstone-loadtest.js';
import { startLocalCapstone, type LocalCapstone } from '../capstone/loadtest/local-capstone.js';
import { resolveMongo } from '../platform/mongo/provider.js';
import { bareOrderWrites } from './bare-order-writes.js';
import { generateLoad, placeOrders, type LoadFigures } from './load-generator.js';
import { countMongoCommands, withCommandMonitoring, type CommandCounter } from './mongo-command-counter.js';
import { serviceCommandMix } from './service-command-mix.js';

const CONNECTIONS = 50;
const SECONDS = 3;
const ROUNDS = 3;
const ORDERS = 300;
const ORDER_CONCURRENCY = 20;

type Figures = LoadFigures;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function cannon(url: string): Promise<Figures> {
  return generateLoad({ url, connections: CONNECTIONS, seconds: SECONDS });
}

/**
 * Orders the worker has decided, read from the service's registry in this process: rendering `/metrics` 50 times a
 * second would charge the service for work the baseline never does.
 */
async function processedOrders(service: LocalCapstone): Promise<number> {
  const counter = service.metrics.registry.getSingleMetric('orders_processed_total');
  if (!counter) throw new Error('the service registers no orders_processed_total counter');
  return (await counter.get()).values.reduce((sum, sample) => sum + sample.value, 0);
}

/**
 * Waits until `done()` or throws after 120 s; looks every 5 ms (a bench may poll: it measures, it does not assert).
 * Resolves with when `done()` first held, on the clock `placeOrders` reports (`performance.timeOrigin` based).
 */
async function until(done: () => Promise<boolean> | boolean, what: string): Promise<number> {
  const deadline = performance.now() + 120_000;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`${what} within 120 s`);
    await delay(5);
  }
  return performance.timeOrigin + performance.now();
}

interface Intake {
  /** Orders a second from the first POST (not the callers' process start) to the last order decided. */
  readonly perSecond: number;
  /** Orders a second accepted (202) by the api. */
  readonly accepted: number;
  /** MongoDB commands per order, from the first POST until the last customer notification was written. */
  readonly commandsPerOrder: number;
  readonly commands: ReadonlyMap<string, number>;
}

/** Places ORDERS orders from a child process with ORDER_CONCURRENCY callers and waits until all were decided. */
async function orderIntake(
  service: LocalCapstone,
  setup: { token: string; productId: string },
  counter: CommandCounter,
): Promise<Intake> {
  const before = await processedOrders(service);
  counter.reset();
  const { firstRequestAt, acceptedSeconds } = await placeOrders({
    url: service.url,
    ...setup,
    orders: ORDERS,
    concurrency: ORDER_CONCURRENCY,
  });
  const decidedAt = await until(
    async () => (await processedOrders(service)) - before >= ORDERS,
    'orders were not all decided',
  );
  const seconds = (decidedAt - firstRequestAt) / 1000;
  // The pipeline ends with the customer's notification: count its commands too.
  await until(() => (counter.byName.get('update notifications') ?? 0) >= ORDERS, 'notifications were not all written');
  return {
    perSecond: ORDERS / seconds,
    accepted: ORDERS / acceptedSeconds,
    commandsPerOrder: counter.total / ORDERS,
    commands: new Map(counter.byName),
  };
}

interface IntakeRounds {
  readonly service: Intake[];
  readonly bare: number[];
  /** The service's command mix replayed with no service code (bench/service-command-mix.ts). */
  readonly mix: number[];
}

/** Three alternating rounds of the service's intake and the two bare driver scripts, on one MongoDB engine. */
async function intakeRounds(service: LocalCapstone, mongoUri: string, counter: CommandCounter): Promise<IntakeRounds> {
  const setup = await prepareOrderScenario(service.url);
  // The scripts' clients monitor their commands too, so all pay the counter's cost (the counter is reset before each
  // service round, so their commands are never counted as the service's).
  const job = { uri: withCommandMonitoring(mongoUri), orders: ORDERS, concurrency: ORDER_CONCURRENCY };
  await orderIntake(service, setup, counter); // warm-up
  await serviceCommandMix(job);
  const rounds: IntakeRounds = { service: [], bare: [], mix: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    rounds.service.push(await orderIntake(service, setup, counter));
    rounds.bare.push(await bareOrderWrites(job));
    rounds.mix.push(await serviceCommandMix(job));
  }
  return rounds;
}

function reportIntake(label: string, rounds: IntakeRounds): void {
  const perSecond = median(rounds.service.map((r) => r.perSecond));
  const bare = median(rounds.bare);
  const mix = median(rounds.mix);
  const commands = median(rounds.service.map((r) => r.commandsPerOrder));
  const ratio = perSecond / bare;
  console.log(
    `order intake, ${label}: ${ORDERS} orders, ${ORDER_CONCURRENCY} concurrent callers in their own process, median of ${ROUNDS} rounds`,
  );
  console.log(
    `  service: ${perSecond.toFixed(0).padStart(6)} orders/s placed to confirmed (accepted at ${median(rounds.service.map((r) => r.accepted)).toFixed(0)}/s)`,
  );
  console.log(
    `  bare driver script, insert + guarded $inc + mark confirmed, same engine and concurrency: ${bare.toFixed(0)} orders/s`,
  );
  console.log(`  ratio to baseline: ${ratio.toFixed(2)} (goal >= 0.25: ${ratio >= 0.25 ? 'met' : 'NOT met'})`);
  console.log(
    `  the service's MongoDB commands replayed by a bare script, no service code: ${mix.toFixed(0)} orders/s, ratio ${(mix / bare).toFixed(2)}: the most these commands allow on this engine`,
  );
  console.log(
    `  MongoDB commands per confirmed order (driver command monitoring, api and worker): ${commands.toFixed(2)} (goal <= 8: ${commands <= 8 ? 'met' : 'NOT met'})`,
  );
  const middle = [...rounds.service].sort((a, b) => a.commandsPerOrder - b.commandsPerOrder)[
    Math.floor(rounds.service.length / 2)
  ];
  const breakdown = [...(middle?.commands ?? [])]
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name} ${(count / ORDERS).toFixed(2)}`);
  console.log(`  per order, by command: ${breakdown.join(', ')}`);
}

async function soak(seconds: number): Promise<void> {
  const service = await startLocalCapstone();
  try {
    const scenario = orderScenario(await prepareOrderScenario(service.url));
    const samples: { atSeconds: number; rssMb: number }[] = [];
    const started = performance.now();
    const sampler = setInterval(
      () =>
        samples.push({ atSeconds: (performance.now() - started) / 1000, rssMb: process.memoryUsage().rss / 2 ** 20 }),
      5_000,
    );
    try {
      await runLoadGate({
        target: service.url,
        scenario,
        thresholds: ['errors<1%'],
        durationSeconds: seconds,
        connections: 10,
        probePath: '/health/ready',
      });
    } finally {
      clearInterval(sampler);
    }
    // Least-squares slope over the second half: the first half is warm-up (JIT, caches, pools filling).
    const tail = samples.slice(Math.floor(samples.length / 2));
    const mx = tail.reduce((s, p) => s + p.atSeconds, 0) / tail.length;
    const my = tail.reduce((s, p) => s + p.rssMb, 0) / tail.length;
    const slope =
      tail.reduce((s, p) => s + (p.atSeconds - mx) * (p.rssMb - my), 0) /
      tail.reduce((s, p) => s + (p.atSeconds - mx) ** 2, 0);
    console.log(
      `soak: ${seconds} s of the order scenario, 10 connections; RSS ${samples[0]?.rssMb.toFixed(0)} MB -> ${samples.at(-1)?.rssMb.toFixed(0)} MB`,
    );
    console.log(
      `  RSS slope over the second half: ${(slope * 60).toFixed(2)} MB/min (near 0 = flat; a steady climb suggests a leak)`,
    );
    if (!process.env.MONGODB_URI)
      console.log(
        '  note: RSS is this whole process, and the embedded MongoDB engine keeps every stored order in it: set MONGODB_URI to see the service alone',
      );
  } finally {
    await service.stop();
  }
}

export default async function run(): Promise<void> {
  const soakArg = process.argv.find((arg) => arg.startsWith('--soak'));
  if (soakArg) {
    const seconds = Number(
      /^--soak-seconds=(\d+)$/.exec(process.argv.find((arg) => arg.startsWith('--soak-seconds=')) ?? '')?.[1] ?? 300,
    );
    return soak(seconds);
  }
  process.env.NODE_ENV = 'production';
  // One MongoDB engine for the service and the baseline (the provider `npm start` would choose), opened here so both
  // talk to the same process; the service's clients get it with command monitoring on.
  const mongo = await resolveMongo({ log: (line) => console.log(line) });
  const counter = countMongoCommands();
  const inheritedUri = process.env.MONGODB_URI;
  process.env.MONGODB_URI = withCommandMonitoring(mongo.uri);
  try {
    await measure(mongo.uri, counter);
  } finally {
    if (inheritedUri === undefined) delete process.env.MONGODB_URI;
    else process.env.MONGODB_URI = inheritedUri;
    counter.stop();
    await mongo.stop();
  }
}

async function measure(mongoUri: string, counter: CommandCounter): Promise<void> {
  const hello = express();
  hello.get('/', (_req, res) => {
    res.json({ hello: 'world' });
  });
  const helloServer = await listenOnLoopback(hello);
  const service = await startLocalCapstone({ env: { ...process.env, REDIS_URL: '', AMQP_URL: '', ETCD_URL: '' } });
  const productsUrl = `${service.url}/api/products?limit=5`;
  const runs: Record<'hello' | 'products', Figures[]> = { hello: [], products: [] };
  try {
    await cannon(`${helloServer.url}/`); // warm-up: JIT, connections, and the cache filled
    await cannon(productsUrl);
    for (let round = 0; round < ROUNDS; round += 1) {
      runs.hello.push(await cannon(`${helloServer.url}/`));
      runs.products.push(await cannon(productsUrl));
    }
  } finally {
    await helloServer.close();
  }
  const m = (key: keyof typeof runs, field: keyof Figures): number => median(runs[key].map((f) => f[field]));
  const line = (label: string, key: keyof typeof runs): string =>
    `${label.padEnd(48)} ${m(key, 'rps').toFixed(0).padStart(7)} req/s   p99 ${m(key, 'p99').toFixed(1).padStart(6)} ms`;
  console.log(
    `autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, median of ${ROUNDS} alternating rounds after a warm-up, loopback, autocannon in its own process, NODE_ENV=production (shared machine: compare ratios)`,
  );
  console.log(line('bare Express 5 hello world JSON (baseline)', 'hello'));
  console.log(line('capstone cached GET /api/products?limit=5', 'products'));
  const ratio = m('products', 'rps') / m('hello', 'rps');
  console.log(
    `  ratio to baseline: throughput ${ratio.toFixed(2)} (goal >= 0.70: ${ratio >= 0.7 ? 'met' : 'NOT met'}), p99 ${(m('products', 'p99') / m('hello', 'p99')).toFixed(2)}x`,
  );

  try {
    reportIntake('embedded defaults (in-memory broker, ioredis-mock)', await intakeRounds(service, mongoUri, counter));
  } finally {
    await service.stop();
  }
  if (process.env.REDIS_URL && process.env.AMQP_URL) {
    const real = await startLocalCapstone();
    try {
      reportIntake('real Redis and RabbitMQ', await intakeRounds(real, mongoUri, counter));
    } finally {
      await real.stop();
    }
  } else {
    console.log('order intake on real Redis and RabbitMQ: skipped (REDIS_URL and AMQP_URL are unset)');
  }
}
