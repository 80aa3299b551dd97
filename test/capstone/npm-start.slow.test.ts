/**
 * `npm start` as a user runs it: `workbook/start.ts` in a child process with PORT set. The printed curl commands must
 * work exactly as printed, and Ctrl-C (SIGINT) must end the process by itself, cleanly, within seconds.
 */
import { execFile, spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPrivateVhost, rabbitmqctlMissing } from '../chapters/06-microservices/rabbitmq-admin.js';
import { slowDeadline, slowTimeout } from '../support/slow-tests.js';
import { MAIN } from './support/capstone-harness.js';
import { call } from './support/http.js';
import { freePort, startMain, stopMain, userEnv, type StartedMain } from './support/main-process.js';

const run = promisify(execFile);
const curlMissing = spawnSync('curl', ['--version']).error ? 'curl is not installed' : false;
const amqpMissing = process.env.AMQP_URL ? rabbitmqctlMissing() : 'AMQP_URL is unset';
const shMissing = spawnSync('sh', ['-c', 'true']).error ? 'sh is not available' : false;

/** Polls the order until the worker has decided it (the worker runs beside the api, so it takes a moment). */
async function decidedStatus(base: string, id: string, token: string): Promise<string> {
  let status = 'pending';
  await vi.waitFor(
    async () => {
      status = String((await call(base, 'GET', `/api/orders/${id}`, { token })).body.status);
      expect(status).not.toBe('pending');
    },
    { timeout: slowDeadline(10_000), interval: 50 },
  );
  return status;
}

describe('npm start (workbook/start.ts as a child process)', () => {
  let running: StartedMain | undefined;
  afterEach(async () => {
    await stopMain(running);
    running = undefined;
  });

  it(
    'prints the URL, both demo accounts, each provider and a generated-secret notice',
    { timeout: slowTimeout(20_000) },
    async () => {
      const port = await freePort();
      running = await startMain(userEnv(port));
      const output = running.output();
      expect(output).toContain(`Orders service ready at http://127.0.0.1:${port}`);
      expect(output).toMatch(/user\s+ada@example.com \/ lovelace-1843/);
      expect(output).toMatch(/admin\s+grace@example.com \/ hopper-cobol-1959/);
      expect(output).toMatch(/mongo\s+embedded engine/);
      expect(output).toMatch(/redis\s+ioredis-mock/);
      expect(output).toMatch(/amqp\s+in-memory broker/);
      expect(output).toContain('AUTH_JWT_SECRET is not set');
      expect((await call(`http://127.0.0.1:${port}`, 'GET', '/health/ready')).status).toBe(200);
    },
  );

  it.skipIf(curlMissing || shMissing)(
    `runs the printed curl commands as printed, and the order they place is confirmed${curlMissing || shMissing ? ` (skipped: ${curlMissing || shMissing})` : ''}`,
    { timeout: slowTimeout(20_000) },
    async () => {
      const port = await freePort();
      running = await startMain(userEnv(port));
      const commands = running
        .output()
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.startsWith('curl ') || line.startsWith('TOKEN=$(curl '));
      expect(commands).toHaveLength(3);
      // One shell, as a user would type them one after another: the first sets $TOKEN for the third.
      const script = commands.map((command, index) => `${command}; echo; echo "--- ${index}"`).join('\n');
      const result = await run('sh', ['-c', `set -e\n${script}`], { encoding: 'utf8', timeout: slowDeadline(10_000) });
      const [, products, order] = result.stdout.split(/--- \d\n?/).map((part) => part.trim());
      expect(JSON.parse(products ?? '{}')).toMatchObject({ items: expect.any(Array), next: expect.any(String) });
      const placed = JSON.parse(order ?? '{}') as { id: string; status: string };
      expect(placed.status).toBe('pending');

      const login = await call(`http://127.0.0.1:${port}`, 'POST', '/api/auth/login', {
        body: { email: 'ada@example.com', password: 'lovelace-1843' },
      });
      const token = String(login.body.accessToken);
      expect(await decidedStatus(`http://127.0.0.1:${port}`, placed.id, token)).toBe('confirmed');
    },
  );

  it(
    'shuts down on SIGINT within seconds, by itself, with exit code 0, answering the request in flight',
    { timeout: slowTimeout(20_000) },
    async () => {
      const port = await freePort();
      running = await startMain(userEnv(port, { LOG_LEVEL: 'info' }));
      // A sign-in whose body is still arriving when the signal lands: the server has the request, not yet the body.
      const inFlight = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
      });
      const answered = new Promise<number>((resolve, reject) => {
        inFlight.once('response', (response) => {
          response.resume();
          response.once('end', () => resolve(response.statusCode ?? 0));
        });
        inFlight.once('error', reject);
      });
      inFlight.write('{"email":"ada@example.com",');
      // The listen backlog is first in, first out: once a later connection is served, the sign-in's was accepted.
      expect((await call(`http://127.0.0.1:${port}`, 'GET', '/health/live')).status).toBe(200);
      running.child.kill('SIGINT');
      const started = performance.now();
      inFlight.end('"password":"lovelace-1843"}');
      expect(await answered).toBe(200);
      const { code, signal } = await running.exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      // Seconds on an idle machine, scaled by the run's measured slowdown; a stuck shutdown would instead end by the
      // watchdog's forced exit (a signal, not code 0) 5 s after it completed.
      expect(performance.now() - started).toBeLessThan(slowDeadline(10_000));
      expect(running.output()).toMatch(/"outcome":"clean"/);
    },
  );

  it(
    'refuses to start in production without AUTH_JWT_SECRET, naming the variable',
    { timeout: slowTimeout(15_000) },
    async () => {
      const result = await run(process.execPath, ['--import', 'tsx', MAIN], {
        env: userEnv(0, { NODE_ENV: 'production' }),
        encoding: 'utf8',
        timeout: slowDeadline(10_000),
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('AUTH_JWT_SECRET is required when NODE_ENV=production');
    },
  );

  it.skipIf(amqpMissing)(
    `with AMQP_URL runs api and worker as two processes, and SIGINT ends all three with exit code 0${amqpMissing ? ` (skipped: ${amqpMissing})` : ''}`,
    { timeout: slowTimeout(30_000) },
    async () => {
      const vhost = await createPrivateVhost('npm-start');
      try {
        const port = await freePort();
        running = await startMain(userEnv(port, { AMQP_URL: vhost.url, LOG_LEVEL: 'info' }));
        const output = running.output();
        expect(output).toContain('(api and worker as separate processes)');
        expect(output).toMatch(/amqp\s+RabbitMQ at amqp:\/\/127\.0\.0\.1:5672/);
        expect(output).toMatch(/worker\s+health and metrics at http:\/\/127\.0\.0\.1:\d+/);
        expect(output).toContain('[api] ');
        expect(output).toContain('[worker] ');
        const base = `http://127.0.0.1:${port}`;
        const login = await call(base, 'POST', '/api/auth/login', {
          body: { email: 'ada@example.com', password: 'lovelace-1843' },
        });
        const token = String(login.body.accessToken);
        const placed = await call(base, 'POST', '/api/orders', {
          body: { items: [{ productId: '00000000-0000-4000-8000-000000000003', quantity: 1 }] },
          token,
          headers: { 'idempotency-key': 'two-processes' },
        });
        expect(placed.status).toBe(202);
        expect(await decidedStatus(base, String(placed.body.id), token)).toBe('confirmed');
        running.child.kill('SIGINT');
        expect(await running.exited).toEqual({ code: 0, signal: null });
        expect(running.output()).toMatch(/\[api\] .*"outcome":"clean"/);
        expect(running.output()).toMatch(/\[worker\] .*"outcome":"clean"/);
      } finally {
        await vhost.remove();
      }
    },
  );
});
