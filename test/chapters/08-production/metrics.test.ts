import { request } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withServer } from '../../support/net.js';
import {
  createMetrics,
  MetricNameError,
  statusClass,
  UNMATCHED_ROUTE,
} from '../../../chapters/08-production/metrics.js';
import type { Metrics } from '../../../chapters/08-production/metrics.js';

const owned: Metrics[] = [];
afterEach(() => {
  for (const metrics of owned.splice(0)) metrics.close();
});

function appWithMetrics(options: { defaultMetrics?: boolean } = {}): { app: express.Express; metrics: Metrics } {
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? false });
  owned.push(metrics);
  const app = express();
  app.use(metrics.httpMetrics);
  app.get('/metrics', metrics.metricsHandler);
  const users = express.Router();
  users.get('/:id', (req, res) => void res.status(req.params.id === 'missing' ? 404 : 200).json({}));
  users.post('/', () => {
    throw new Error('boom');
  });
  app.use('/users', users);
  app.get('/', (_req, res) => void res.send('home'));
  return { app, metrics };
}

function durationSeries(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('http_request_duration_seconds_count'))
    .map((line) => line.split(' ')[0] ?? '')
    .sort();
}

describe('metrics', () => {
  // #region route-label-test
  it('labels requests by route template, method and status class; unknown paths share one series', async () => {
    const { app } = appWithMetrics();
    const text = await withServer(app, async (base) => {
      for (const id of ['1', '2', '3', 'missing']) await fetch(`${base}/users/${id}`);
      await fetch(`${base}/users`, { method: 'POST' });
      await fetch(`${base}/`);
      for (const path of ['/wp-admin', '/.env', '/a/b/c?x=1']) await fetch(`${base}${path}`);
      return (await fetch(`${base}/metrics`)).text();
    });

    expect(durationSeries(text)).toEqual([
      'http_request_duration_seconds_count{route="/",method="GET",status_class="2xx"}',
      'http_request_duration_seconds_count{route="/users",method="POST",status_class="5xx"}',
      'http_request_duration_seconds_count{route="/users/:id",method="GET",status_class="2xx"}',
      'http_request_duration_seconds_count{route="/users/:id",method="GET",status_class="4xx"}',
      `http_request_duration_seconds_count{route="${UNMATCHED_ROUTE}",method="GET",status_class="4xx"}`,
    ]);
    expect(text).toContain(`http_request_duration_seconds_count{route="/users/:id",method="GET",status_class="2xx"} 3`);
    expect(text).toContain(
      `http_request_duration_seconds_count{route="${UNMATCHED_ROUTE}",method="GET",status_class="4xx"} 3`,
    );
  });
  // #endregion route-label-test

  it('counts a request the client left before the answer once, as aborted', async () => {
    const { app } = appWithMetrics();
    let reached = (): void => undefined;
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    app.get('/hang', () => reached()); // never answers
    const text = await withServer(app, async (base) => {
      const leaving = request(`${base}/hang`);
      leaving.on('error', () => undefined);
      leaving.end();
      await arrived;
      leaving.destroy();
      let page = '';
      await vi.waitFor(async () => {
        page = await (await fetch(`${base}/metrics`)).text();
        expect(page).toContain('route="/hang"');
      });
      return page;
    });
    expect(durationSeries(text).filter((series) => series.includes('/hang'))).toEqual([
      'http_request_duration_seconds_count{route="/hang",method="GET",status_class="aborted"}',
    ]);
    expect(text).toContain('http_request_duration_seconds_count{route="/hang",method="GET",status_class="aborted"} 1');
  });

  it('labels a route of a mounted sub-app by its full template', async () => {
    const { app } = appWithMetrics();
    const admin = express();
    admin.get('/reports/:id', (_req, res) => void res.json({}));
    app.use('/admin', admin);
    const text = await withServer(app, async (base) => {
      await fetch(`${base}/admin/reports/7`);
      return (await fetch(`${base}/metrics`)).text();
    });
    expect(text).toContain(
      'http_request_duration_seconds_count{route="/admin/reports/:id",method="GET",status_class="2xx"} 1',
    );
  });

  it('records how long the request took, in seconds, in the right bucket', async () => {
    const { app } = appWithMetrics();
    app.get('/slow', (_req, res) => void setTimeout(() => res.send('late'), 40));
    const text = await withServer(app, async (base) => {
      await fetch(`${base}/slow`);
      return (await fetch(`${base}/metrics`)).text();
    });
    const sample = (name: string): number =>
      Number(
        text
          .split('\n')
          .find((line) => line.startsWith(`${name}{`) && line.includes('route="/slow"'))
          ?.split(' ')[1],
      );
    const series = 'http_request_duration_seconds';
    expect(sample(`${series}_sum`)).toBeGreaterThanOrEqual(0.039);
    expect(sample(`${series}_sum`)).toBeLessThan(5);
    expect(Number(text.match(/_bucket\{le="0.025",route="\/slow"[^}]*\} (\d+)/)?.[1])).toBe(0);
    expect(Number(text.match(/_bucket\{le="5",route="\/slow"[^}]*\} (\d+)/)?.[1])).toBe(1);
  });

  it('serves the Prometheus text format with default process metrics and event-loop delay', async () => {
    const { app } = appWithMetrics({ defaultMetrics: true });
    const response = await withServer(app, (base) => fetch(`${base}/metrics`));
    const text = await response.text();
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(text).toContain('# TYPE process_resident_memory_bytes gauge');
    expect(text).toContain('# TYPE nodejs_eventloop_lag_p99_seconds gauge');
  });

  it('keeps two apps in one process apart: each has its own registry', () => {
    const first = createMetrics();
    const second = createMetrics();
    owned.push(first, second);
    first.counter({ name: 'orders_placed_total', help: 'Orders placed' }).inc();
    expect(() => second.counter({ name: 'orders_placed_total', help: 'Orders placed' })).not.toThrow();
    expect(first.registry).not.toBe(second.registry);
  });

  it('creates business counters and refuses names that are not counters', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    owned.push(metrics);
    const placed = metrics.counter({ name: 'orders_placed_total', help: 'Orders placed', labelNames: ['channel'] });
    placed.inc({ channel: 'web' });
    placed.inc({ channel: 'web' });
    expect(await metrics.registry.metrics()).toContain('orders_placed_total{channel="web"} 2');
    expect(() => metrics.counter({ name: 'orders placed', help: 'x' })).toThrow(MetricNameError);
    expect(() => metrics.counter({ name: 'orders_placed', help: 'x' })).toThrow('ending in "_total"');
  });

  it('lists histogram sample names before anything was observed', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    owned.push(metrics);
    expect(await metrics.sampleNames()).toEqual(
      new Set([
        'http_request_duration_seconds',
        'http_request_duration_seconds_bucket',
        'http_request_duration_seconds_sum',
        'http_request_duration_seconds_count',
      ]),
    );
  });

  it.each([
    [200, '2xx'],
    [204, '2xx'],
    [301, '3xx'],
    [404, '4xx'],
    [503, '5xx'],
    [42, 'unknown'],
  ])('status %i is class %s', (status, expected) => {
    expect(statusClass(status)).toBe(expected);
  });
});
