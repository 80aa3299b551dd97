/**
 * `npm start` as a user runs it: `capstone/main.ts` in a child process with PORT set. The printed curl commands must
 * work exactly as printed, and Ctrl-C (SIGINT) must end the process by itself, cleanly, within seconds.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrivateVhost, rabbitmqctlMissing } from '../chapters/06-microservices/rabbitmq-admin.js';
import { MAIN, testEnv } from './support/capstone-harness.js';
import { call } from './support/http.js';

const curlMissing = spawnSync('curl', ['--version']).error ? 'curl is not installed' : false;
const amqpMissing = process.env.AMQP_URL ? rabbitmqctlMissing() : 'AMQP_URL is unset';
const shMissing = spawnSync('sh', ['-c', 'true']).error ? 'sh is not available' : false;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts main.ts like `npm start` (no IPC channel), and waits for the banner's last line. */
async function startMain(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C to stop.')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code }) => reject(new Error(`main.ts exited with ${code} before it was ready:\n${output}`)));
  });
  return { child, output: () => output, exited };
}

/** The env of a user with no services: stand-ins everywhere, whatever this test run has set. */
function userEnv(port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { AUTH_JWT_SECRET: _secret, ...env } = testEnv('npm_start');
  return { ...process.env, ...env, REDIS_URL: '', AMQP_URL: '', MONGODB_URI: '', WORKBOOK_MONGO_PROVIDER: 'embedded', LOG_LEVEL: 'warn', PORT: String(port), ...extra };
}

describe('npm start (capstone/main.ts as a child process)', () => {
  let running: Started | undefined;
  afterEach(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
    await running?.exited;
    running = undefined;
  });

  it('prints the URL, both demo accounts, each provider and a generated-secret notice', async () => {
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
  });

  it.skipIf(curlMissing || shMissing)(`runs the printed curl commands as printed, and the order they place is confirmed${curlMissing || shMissing ? ` (skipped: ${curlMissing || shMissing})` : ''}`, async () => {
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
    const result = spawnSync('sh', ['-c', `set -e\n${script}`], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status, result.stderr).toBe(0);
    const [, products, order] = result.stdout.split(/--- \d\n?/).map((part) => part.trim());
    expect(JSON.parse(products ?? '{}')).toMatchObject({ items: expect.any(Array), next: expect.any(String) });
    const placed = JSON.parse(order ?? '{}') as { id: string; status: string };
    expect(placed.status).toBe('pending');

    const login = await call(`http://127.0.0.1:${port}`, 'POST', '/api/auth/login', { body: { email: 'ada@example.com', password: 'lovelace-1843' } });
    const token = String(login.body.accessToken);
    let status = 'pending';
    for (let attempt = 0; attempt < 100 && status === 'pending'; attempt += 1) {
      status = String((await call(`http://127.0.0.1:${port}`, 'GET', `/api/orders/${placed.id}`, { token })).body.status);
      if (status === 'pending') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe('confirmed');
  });

  it('shuts down on SIGINT within seconds, by itself, with exit code 0, answering the request in flight', async () => {
    const port = await freePort();
    running = await startMain(userEnv(port, { LOG_LEVEL: 'info' }));
    // A sign-in whose body is still arriving when the signal lands: the server has the request, not yet the body.
    const inFlight = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json' } });
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
    // Generous, as the machine may be busy; the watchdog would force an exit at 5 s after a stuck shutdown.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(running.output()).toMatch(/"outcome":"clean"/);
  });

  it('refuses to start in production without AUTH_JWT_SECRET, naming the variable', async () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN], { env: userEnv(0, { NODE_ENV: 'production' }), encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('AUTH_JWT_SECRET is required when NODE_ENV=production');
  });

  it.skipIf(amqpMissing)(`with AMQP_URL runs api and worker as two processes, and SIGINT ends all three with exit code 0${amqpMissing ? ` (skipped: ${amqpMissing})` : ''}`, async () => {
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
      const login = await call(base, 'POST', '/api/auth/login', { body: { email: 'ada@example.com', password: 'lovelace-1843' } });
      const token = String(login.body.accessToken);
      const placed = await call(base, 'POST', '/api/orders', { body: { items: [{ productId: '00000000-0000-4000-8000-000000000003', quantity: 1 }] }, token, headers: { 'idempotency-key': 'two-processes' } });
      expect(placed.status).toBe(202);
      let status = 'pending';
      for (let attempt = 0; attempt < 200 && status === 'pending'; attempt += 1) {
        status = String((await call(base, 'GET', `/api/orders/${String(placed.body.id)}`, { token })).body.status);
        if (status === 'pending') await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe('confirmed');
      running.child.kill('SIGINT');
      expect(await running.exited).toEqual({ code: 0, signal: null });
      expect(running.output()).toMatch(/\[api\] .*"outcome":"clean"/);
      expect(running.output()).toMatch(/\[worker\] .*"outcome":"clean"/);
    } finally {
      await vhost.remove();
    }
  });
});
