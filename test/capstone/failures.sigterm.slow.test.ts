/**
 * SIGTERM to the api under load: every request already in the service completes, nothing answers 5xx, and the process
 * exits by itself with code 0. A child process of this file's own (stand-ins for Redis and the broker; the run's MongoDB).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sharedMongo } from '../support/mongo.js';
import { slowDeadline, slowTimeout } from '../support/slow-tests.js';
import { childEnv, startChild } from './support/failure-kit.js';
import { call } from './support/http.js';

interface Outcome {
  readonly status?: number;
  readonly error?: string;
  readonly endedAfterSigterm: boolean;
}

describe('SIGTERM to the api under load', () => {
  it(
    'finishes every request in flight, answers no 5xx, and exits by itself with code 0',
    async () => {
      // scrypt at 2^14 keeps each registration in the service for tens of milliseconds: they are the requests in flight.
      const env = childEnv(
        'sigterm',
        { mongoUri: sharedMongo().uri },
        { SCRYPT_LOG2_COST: '14', SHUTDOWN_DRAIN_MS: '15000' },
      );
      const { child, url } = await startChild('api', env);
      let sigtermSent = false;
      const settle = async (request: Promise<{ status: number }>): Promise<Outcome> => {
        try {
          const { status } = await request;
          return { status, endedAfterSigterm: sigtermSent };
        } catch (error) {
          return { error: String((error as Error).cause ?? error), endedAfterSigterm: sigtermSent };
        }
      };

      // Background load: four loops of catalogue reads, each ending at its first refused connection (after SIGTERM).
      const background: Outcome[] = [];
      const loops = Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 5_000; i += 1) {
          const outcome = await settle(
            call(url, 'GET', '/api/products?limit=5', { signal: AbortSignal.timeout(slowDeadline(10_000)) }),
          );
          background.push(outcome);
          if (outcome.error !== undefined) return;
        }
      });
      while (background.length < 50) await new Promise((resolve) => setImmediate(resolve));

      // Open the registrations' connections first: a connection still in the listen backlog when the listener closes
      // is reset, and that request never reached the service (a load balancer's job: see readiness on SIGTERM).
      await Promise.all(Array.from({ length: 16 }, () => call(url, 'GET', '/health/live')));
      // Twelve slow registrations at once; the first answer means the others are inside the service: now SIGTERM.
      const registrations = Array.from({ length: 12 }, () =>
        settle(
          call(url, 'POST', '/api/users', {
            body: {
              name: 'In Flight',
              email: `flight-${randomUUID()}@example.com`,
              password: 'a long enough password',
            },
            signal: AbortSignal.timeout(slowDeadline(15_000)),
          }),
        ),
      );
      await Promise.race(registrations);
      sigtermSent = true;
      child.child.kill('SIGTERM');

      const inFlight = await Promise.all(registrations);
      await Promise.all(loops);
      const exit = await child.exited;

      expect(
        inFlight.filter((outcome) => outcome.status !== 201),
        JSON.stringify(inFlight),
      ).toEqual([]);
      expect(
        inFlight.some((outcome) => outcome.endedAfterSigterm),
        'some registration was still running at SIGTERM',
      ).toBe(true);
      expect(background.filter((outcome) => outcome.status !== undefined && outcome.status !== 200)).toEqual([]);
      // Connections are refused only once the listener closed, after the signal; never before.
      expect(background.filter((outcome) => outcome.error !== undefined && !outcome.endedAfterSigterm)).toEqual([]);
      expect(exit, child.output).toEqual({ code: 0, signal: null });
    },
    slowTimeout(20_000),
  );
});
