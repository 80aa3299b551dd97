/**
 * The capstone against bare Express, in one run on one machine:
 * 1. cached `GET /api/products` (metrics, request logging at silent, helmet, the general rate limit, the two-level
 *    cache answering from L1) against an Express 5 "hello world", same autocannon settings (goal: ratio >= 0.7);
 * 2. order intake: orders a second from `POST /api/orders` to `confirmed`, on the embedded defaults, and on real
 *    Redis and RabbitMQ when REDIS_URL and AMQP_URL are set;
 * 3. `--soak` only (`npm run bench -- capstone --soak [--soak-seconds=300]`): RSS under mixed load, sampled every
 *    5 s, and its slope. Not run by default or in CI.
 * The servers run in this process and autocannon in a child of its own (bench/load-generator.ts); on the reference
 * machine two cores are shared with other work: read the ratios. NODE_ENV=production, as the image runs.
 */
import { setTimeout as delay } from 'node:timers/promises';
import express from 'express';
import { listenOnLoopback } from '../chapters/05-testing/harness/loopback-server.js';
import { runLoadGate } from '../chapters/05-testing/load-gate/run-gate.js';
import { orderScenario, prepareOrderScenario } from '../capstone/loadtest/capstone-loadtest.js';
import { startLocalCapstone, type LocalCapstone } from '../capstone/loadtest/local-capstone.js';
import { generateLoad, type LoadFigures } from './load-generator.js';

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

/** Reads one counter from the service's `/metrics`. */
async function processedOrders(base: string): Promise<number> {
  const page = await (await fetch(`${base}/metrics`)).text();
  return page
    .split('\n')
    .filter((line) => line.startsWith('orders_processed_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/** Places ORDERS orders with ORDER_CONCURRENCY callers and waits until the worker decided all of them (bounded). */
async function orderIntake(service: LocalCapstone): Promise<{ perSecond: number; accepted: number; seconds: number }> {
  const setup = await prepareOrderScenario(service.url);
  const before = await processedOrders(service.url);
  const started = performance.now();
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < ORDERS) {
      next += 1;
      const response = await fetch(`${service.url}/api/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.token}`, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ items: [{ productId: setup.productId, quantity: 1 }] }),
      });
      await response.arrayBuffer();
      if (response.status !== 202) throw new Error(`POST /api/orders answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: ORDER_CONCURRENCY }, caller));
  const acceptedSeconds = (performance.now() - started) / 1000;
  const deadline = performance.now() + 120_000;
  while ((await processedOrders(service.url)) - before < ORDERS) {
    if (performance.now() > deadline) throw new Error('orders were not all decided within 120 s');
    await delay(20);
  }
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: ORDERS / seconds, accepted: ORDERS / acceptedSeconds, seconds };
}

async function soak(seconds: number): Promise<void> {
  const service = await startLocalCapstone();
  try {
    const scenario = orderScenario(await prepareOrderScenario(service.url));
    const samples: { atSeconds: number; rssMb: number }[] = [];
    const started = performance.now();
    const sampler = setInterval(() => samples.push({ atSeconds: (performance.now() - started) / 1000, rssMb: process.memoryUsage().rss / 2 ** 20 }), 5_000);
    try {
      await runLoadGate({ target: service.url, scenario, thresholds: ['errors<1%'], durationSeconds: seconds, connections: 10, probePath: '/health/ready' });
    } finally {
      clearInterval(sampler);
    }
    // Least-squares slope over the second half: the first half is warm-up (JIT, caches, pools filling).
    const tail = samples.slice(Math.floor(samples.length / 2));
    const mx = tail.reduce((s, p) => s + p.atSeconds, 0) / tail.length;
    const my = tail.reduce((s, p) => s + p.rssMb, 0) / tail.length;
    const slope = tail.reduce((s, p) => s + (p.atSeconds - mx) * (p.rssMb - my), 0) / tail.reduce((s, p) => s + (p.atSeconds - mx) ** 2, 0);
    console.log(`soak: ${seconds} s of the order scenario, 10 connections; RSS ${samples[0]?.rssMb.toFixed(0)} MB -> ${samples.at(-1)?.rssMb.toFixed(0)} MB`);
    console.log(`  RSS slope over the second half: ${(slope * 60).toFixed(2)} MB/min (near 0 = flat; a steady climb suggests a leak)`);
    if (!process.env.MONGODB_URI) console.log('  note: RSS is this whole process, and the embedded MongoDB engine keeps every stored order in it: set MONGODB_URI to see the service alone');
  } finally {
    await service.stop();
  }
}

export default async function run(): Promise<void> {
  const soakArg = process.argv.find((arg) => arg.startsWith('--soak'));
  if (soakArg) {
    const seconds = Number(/^--soak-seconds=(\d+)$/.exec(process.argv.find((arg) => arg.startsWith('--soak-seconds=')) ?? '')?.[1] ?? 300);
    return soak(seconds);
  }
  process.env.NODE_ENV = 'production';
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
  const line = (label: string, key: keyof typeof runs): string => `${label.padEnd(48)} ${m(key, 'rps').toFixed(0).padStart(7)} req/s   p99 ${m(key, 'p99').toFixed(1).padStart(6)} ms`;
  console.log(`autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, median of ${ROUNDS} rounds, loopback, autocannon in its own process, NODE_ENV=production (shared machine: compare ratios)`);
  console.log(line('bare Express 5 hello world JSON (baseline)', 'hello'));
  console.log(line('capstone cached GET /api/products?limit=5', 'products'));
  const ratio = m('products', 'rps') / m('hello', 'rps');
  console.log(`  ratio to baseline: throughput ${ratio.toFixed(2)} (goal >= 0.70: ${ratio >= 0.7 ? 'met' : 'NOT met'}), p99 ${(m('products', 'p99') / m('hello', 'p99')).toFixed(2)}x`);

  try {
    const embedded = await orderIntake(service);
    console.log(`order intake, embedded defaults: ${embedded.perSecond.toFixed(0)} orders/s placed to confirmed (${ORDERS} orders, ${ORDER_CONCURRENCY} callers; accepted at ${embedded.accepted.toFixed(0)}/s)`);
  } finally {
    await service.stop();
  }
  if (process.env.REDIS_URL && process.env.AMQP_URL) {
    const real = await startLocalCapstone();
    try {
      const figures = await orderIntake(real);
      console.log(`order intake, real Redis and RabbitMQ: ${figures.perSecond.toFixed(0)} orders/s placed to confirmed (accepted at ${figures.accepted.toFixed(0)}/s)`);
    } finally {
      await real.stop();
    }
  } else {
    console.log('order intake on real Redis and RabbitMQ: skipped (REDIS_URL and AMQP_URL are unset)');
  }
}
