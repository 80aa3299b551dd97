/**
 * Chapter 8 demo: `npm run demo -- 08`. Starts a small service with logs, metrics, health and graceful shutdown,
 * sends it a few requests, shows what Prometheus would scrape, runs the alert evaluator over a simulated slow spell,
 * then shuts down through the same path SIGTERM takes and exits by itself.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { AlertEvaluator } from './alert-evaluator.js';
import { GracefulShutdown } from './graceful-shutdown.js';
import { Health, healthRoutes } from './health.js';
import { createLogger, injectTraceHeaders, requestLogger } from './logging.js';
import { createMetrics } from './metrics.js';

function heading(text: string): void {
  console.log(`\n== ${text}`);
}

const log = createLogger({ service: 'demo' });
const metrics = createMetrics({ defaultLabels: { service: 'demo' } });
const ordersPlaced = metrics.counter({ name: 'orders_placed_total', help: 'Orders placed', labelNames: ['channel'] });
let brokerUp = true;
const health = new Health({
  timeoutMs: 200,
  checks: [
    {
      name: 'broker',
      check: async () => {
        if (!brokerUp) throw new Error('connect ECONNREFUSED 127.0.0.1:5672');
      },
    },
  ],
});

const app = express();
app.use(metrics.httpMetrics);
app.use(requestLogger(log, { quietPaths: ['/health/live', '/health/ready', '/metrics'] }));
app.use(healthRoutes(health));
app.get('/metrics', metrics.metricsHandler);
app.post('/orders', (_req, res) => {
  ordersPlaced.inc({ channel: 'web' });
  // What a publisher would put in the message headers: the consumer's logs continue this trace.
  const headers = injectTraceHeaders({ 'content-type': 'application/json' });
  log.info({ messageHeaders: headers }, 'order placed; event published');
  res.status(201).json({ ok: true });
});

const server = createServer(app);
const shutdown = new GracefulShutdown({ servers: [server], onShutdownStart: () => health.markShuttingDown(), log });
shutdown.register('metrics', () => metrics.close());
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

heading('Requests: one JSON line each, with request id and trace ids (authorization redacted)');
await fetch(`${base}/orders`, {
  method: 'POST',
  headers: {
    authorization: 'Bearer not-for-logs',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  },
});
for (const id of ['1', '2', '3']) await fetch(`${base}/no-such-page/${id}`);

heading('Readiness names the failing dependency');
brokerUp = false;
const ready = await fetch(`${base}/health/ready`);
console.log(ready.status, await ready.text());
brokerUp = true;

heading('What Prometheus scrapes (HTTP series only): three unknown URLs, one "unmatched" series');
const text = await (await fetch(`${base}/metrics`)).text();
console.log(
  text
    .split('\n')
    .filter((line) => /^(http_request_duration_seconds_count|orders_placed_total)/.test(line))
    .join('\n'),
);

heading('Alert evaluator: 500 slow requests, one alert; recovery, one resolution');
let now = 0;
const alerts = new AlertEvaluator({
  rules: [
    {
      name: 'SlowRequests',
      metric: 'latency',
      aggregate: 'mean',
      threshold: 0.3,
      windowMs: 60_000,
      forMs: 120_000,
      minSamples: 10,
      summary: 'mean latency above 300 ms',
    },
  ],
  notifier: {
    notify: async (event) => console.log(`  notify: ${event.rule} ${event.status} at t=${event.at / 1000}s`),
  },
  log,
  now: () => now,
});
for (let i = 0; i < 800; i += 1) {
  now += 1_000;
  alerts.record('latency', i < 500 ? 1.5 : 0.05);
  if (now % 5_000 === 0) alerts.evaluate();
}
await new Promise((resolve) => setImmediate(resolve));
alerts.close();

heading('Shutdown: the path SIGTERM takes');
const result = await shutdown.shutdown('demo finished');
console.log(`  outcome ${result.outcome}, exit code ${result.exitCode}`);
process.exitCode = result.exitCode;
