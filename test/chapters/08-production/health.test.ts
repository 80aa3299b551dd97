import express from 'express';
import { describe, expect, it } from 'vitest';
import { withServer } from '../../support/net.js';
import { Health, healthRoutes } from '../../../chapters/08-production/health.js';
import type { DependencyCheck } from '../../../chapters/08-production/health.js';

const up = (name: string): DependencyCheck => ({ name, check: async () => undefined });
const hangsIgnoringSignal = (name: string, timeoutMs?: number): DependencyCheck => ({
  name,
  check: () => new Promise(() => undefined),
  ...(timeoutMs === undefined ? {} : { timeoutMs }),
});

describe('health', () => {
  // #region readiness-test
  it('answers 503 naming the dependency that timed out, while the others are up', async () => {
    const health = new Health({
      checks: [up('mongo'), hangsIgnoringSignal('redis', 50), up('amqp')],
      timeoutMs: 5_000,
    });
    const app = express().use(healthRoutes(health));

    const response = await withServer(app, (base) => fetch(`${base}/health/ready`));
    const body = (await response.json()) as {
      status: string;
      failing: string[];
      checks: { name: string; error?: string }[];
    };

    expect(response.status).toBe(503);
    expect(body.status).toBe('not-ready');
    expect(body.failing).toEqual(['redis']);
    expect(body.checks.find((check) => check.name === 'redis')?.error).toBe('timed out after 50 ms');
  });
  // #endregion readiness-test

  it('aborts the signal it gave a check that times out', async () => {
    let aborted: unknown;
    const health = new Health({
      timeoutMs: 20,
      checks: [
        {
          name: 'db',
          check: (signal) =>
            new Promise((_resolve, reject) => {
              signal.addEventListener('abort', () => {
                aborted = signal.reason;
                reject(signal.reason as Error);
              });
            }),
        },
      ],
    });
    const report = await health.readiness();
    expect(report.failing).toEqual(['db']);
    expect((aborted as Error).name).toBe('TimeoutError');
  });

  it('reports the error of a failing check', async () => {
    const health = new Health({ checks: [{ name: 'mongo', check: () => Promise.reject(new Error('ECONNREFUSED')) }] });
    expect(await health.readiness()).toMatchObject({
      status: 'not-ready',
      failing: ['mongo'],
      checks: [{ error: 'ECONNREFUSED' }],
    });
  });

  it('is ready with 200 when every check passes', async () => {
    const app = express().use(healthRoutes(new Health({ checks: [up('mongo')] })));
    const response = await withServer(app, (base) => fetch(`${base}/health/ready`));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready', failing: [] });
  });

  it('stays ready with 200 but reports degraded, naming it, when a non-critical check fails', async () => {
    const cache: DependencyCheck = {
      name: 'redis',
      critical: false,
      check: () => Promise.reject(new Error('connect ECONNREFUSED')),
    };
    const app = express().use(healthRoutes(new Health({ checks: [up('mongo'), cache] })));
    const response = await withServer(app, (base) => fetch(`${base}/health/ready`));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'degraded',
      failing: [],
      degraded: ['redis'],
      checks: [
        { name: 'mongo', status: 'up' },
        { name: 'redis', status: 'down', error: 'connect ECONNREFUSED' },
      ],
    });
  });

  it('is not ready when a critical check fails, whatever the non-critical ones say', async () => {
    const cache: DependencyCheck = { name: 'redis', critical: false, check: () => Promise.reject(new Error('down')) };
    const mongo: DependencyCheck = { name: 'mongo', check: () => Promise.reject(new Error('down')) };
    expect(await new Health({ checks: [mongo, cache] }).readiness()).toMatchObject({
      status: 'not-ready',
      failing: ['mongo'],
      degraded: ['redis'],
    });
  });

  it('stops being ready once shutdown starts, but stays alive so it is not restarted mid-drain', async () => {
    const health = new Health({ checks: [up('mongo')] });
    const app = express().use(healthRoutes(health));
    health.markShuttingDown();
    const [ready, live] = await withServer(app, (base) =>
      Promise.all([fetch(`${base}/health/ready`), fetch(`${base}/health/live`)]),
    );
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'shutting-down' });
    expect(live.status).toBe(200);
  });

  it('refuses two checks with the same name', () => {
    expect(() => new Health({ checks: [up('db'), up('db')] })).toThrow('duplicate health check "db"');
  });
});
