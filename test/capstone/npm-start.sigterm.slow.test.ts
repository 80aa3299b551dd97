/**
 * `npm start` (embedded defaults) under SIGTERM, as an orchestrator sends it: requests that clients already sent are
 * answered, including those whose connections are still in the kernel's accept queue when the signal arrives, and
 * readiness reports not ready at once while the service keeps accepting for SHUTDOWN_READINESS_DELAY_MS.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendOnOwnConnection } from '../support/own-connection.js';
import { call } from './support/http.js';
import { freePort, startMain, stopMain, userEnv, type StartedMain } from './support/main-process.js';

describe('npm start under SIGTERM (workbook/start.ts as a child process)', () => {
  let running: StartedMain | undefined;
  afterEach(async () => {
    if (running?.child.signalCode === null && running.child.exitCode === null) running.child.kill('SIGCONT');
    await stopMain(running);
    running = undefined;
  });

  it(
    'answers every request of a burst whose connections are still queued when SIGTERM arrives, then exits by itself with code 0',
    { timeout: 60_000 },
    async () => {
      const port = await freePort();
      running = await startMain(userEnv(port, { LOG_LEVEL: 'info', SHUTDOWN_DRAIN_MS: '30000' }));
      // A stopped process accepts nothing: the kernel completes each handshake and queues the connection, and the
      // request bytes wait in its buffers. This is the state a busy event loop leaves a burst in, made certain.
      running.child.kill('SIGSTOP');
      const burst = [
        ...Array.from({ length: 30 }, () =>
          sendOnOwnConnection(port, 'POST', '/api/users', {
            name: 'Queued',
            email: `queued-${randomUUID()}@example.com`,
            password: 'a long enough password',
          }),
        ),
        ...Array.from({ length: 30 }, () => sendOnOwnConnection(port, 'GET', '/api/products?limit=5')),
      ];
      await Promise.all(burst.map((sent) => sent.written));
      running.child.kill('SIGTERM'); // pending until the process runs again, with the 60 connections still queued
      running.child.kill('SIGCONT');

      const answers = await Promise.all(burst.map((sent) => sent.outcome));
      expect(
        answers.filter((answer) => 'error' in answer),
        'requests reset instead of answered',
      ).toEqual([]);
      expect(answers.map((answer) => ('status' in answer ? answer.status : 0))).toEqual([
        ...Array<number>(30).fill(201),
        ...Array<number>(30).fill(200),
      ]);
      expect(await running.exited).toEqual({ code: 0, signal: null });
      expect(running.output()).toMatch(/"outcome":"clean"/);
    },
  );

  it(
    'reports not ready at once after SIGTERM and keeps serving for SHUTDOWN_READINESS_DELAY_MS, then exits by itself with code 0',
    { timeout: 60_000 },
    async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      running = await startMain(userEnv(port, { SHUTDOWN_READINESS_DELAY_MS: '10000' }));
      expect((await call(base, 'GET', '/health/ready')).status).toBe(200);
      running.child.kill('SIGTERM');

      // New connections are still accepted: a load balancer that has not yet heard gets answers, and its probe a 503.
      await vi.waitFor(async () => expect((await call(base, 'GET', '/health/ready')).status).toBe(503), {
        timeout: 8_000,
        interval: 50,
      });
      expect((await call(base, 'GET', '/api/products?limit=5')).status).toBe(200);
      expect(await running.exited).toEqual({ code: 0, signal: null });
    },
  );
});
