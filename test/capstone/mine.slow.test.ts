/**
 * `--mine`: the capstone running the exercise implementations of the learner. Here the solutions stand in for the
 * learner's finished files: the whole HTTP contract runs against them in one process, and `workbook/start.ts --mine`
 * starts with the `solution` condition (the `#exercise/*` alias then resolves to `solutions/`). The untouched stub
 * must stop start-up with a message naming the exercise, not a stack trace.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { DEMO_PRODUCTS, DEMO_USER } from '../../capstone/api/demo-data.js';
import { loadLearnerPorts, type ModuleLoader } from '../../capstone/mine/learner-ports.js';
import { mineExercises } from '../../capstone/mine/mine-chapters.js';
import { MAIN, startEmbedded, testEnv } from './support/capstone-harness.js';
import { slowDeadline, slowTimeout } from '../support/slow-tests.js';
import { call } from './support/http.js';
import { describeOrdersContract } from './support/orders-contract.js';

/** The solutions, loaded by path: what a learner's `exercises/` holds once every exercise is solved. */
const SOLUTIONS: Record<string, () => Promise<unknown>> = {
  '03.4': () => import('../../solutions/03-security/04-token-bucket.js'),
  '04.4': () => import('../../solutions/04-performance/04-memory-cache.js'),
  '04.7': () => import('../../solutions/04-performance/07-retrying-pool.js'),
};
const fromSolutions: ModuleLoader = async <T>(exercise: { id: string }): Promise<T> =>
  (await (SOLUTIONS[exercise.id] as () => Promise<unknown>)()) as T;

describeOrdersContract(
  'orders service with the solutions of 03 and 04 swapped in (--mine 03,04), one process',
  async (overrides) => {
    const mine = await loadLearnerPorts(mineExercises('03,04'), { invoiceThreads: 2, load: fromSolutions });
    const service = await startEmbedded('mine', overrides, { apiPorts: mine.api, workerPorts: mine.worker });
    return {
      ...service,
      stop: async () => {
        await service.stop();
        await mine.close();
      },
    };
  },
);

interface Run {
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  signal(name: NodeJS.Signals): void;
}

function runMain(nodeArgs: readonly string[], args: readonly string[]): Run {
  const env = {
    ...process.env,
    ...testEnv('mine_cli'),
    REDIS_URL: '',
    AMQP_URL: '',
    MONGODB_URI: '',
    WORKBOOK_MONGO_PROVIDER: 'embedded',
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', MAIN, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { output: () => output, exited, signal: (name) => void child.kill(name) };
}

describe('npm start -- --mine (workbook/start.ts as a child process)', () => {
  it(
    'with the solution condition, names every swapped piece, serves orders and stops cleanly on Ctrl-C',
    async () => {
      const run = runMain(['--conditions=solution'], ['--mine', '03,04']);
      try {
        await vi.waitFor(() => expect(run.output()).toContain('Press Ctrl-C to stop.'), {
          timeout: slowDeadline(20_000),
          interval: 100,
        });
        const output = run.output();
        for (const file of [
          'solutions/03-security/04-token-bucket.ts',
          'solutions/04-performance/04-memory-cache.ts',
          'solutions/04-performance/07-retrying-pool.ts',
        ])
          expect(output).toContain(file);
        expect(output).toContain('your retrying pool (exercise 04.7)');
        const base = /Orders service ready at (http:\/\/\S+)/.exec(output)?.[1] ?? '';
        const login = await call(base, 'POST', '/api/auth/login', {
          body: { email: DEMO_USER.email, password: DEMO_USER.password },
        });
        expect(login.headers.get('ratelimit-policy')).toMatch(/^"auth";q=\d+;w=60$/);
        const token = String(login.body.accessToken);
        const placed = await call(base, 'POST', '/api/orders', {
          body: { items: [{ productId: DEMO_PRODUCTS[0].id, quantity: 1 }] },
          token,
          headers: { 'idempotency-key': randomUUID() },
        });
        expect(placed.status, placed.text).toBe(202);
        await vi.waitFor(
          async () =>
            expect((await call(base, 'GET', `/api/orders/${String(placed.body.id)}`, { token })).body.status).toBe(
              'confirmed',
            ),
          { timeout: slowDeadline(10_000), interval: 100 },
        );
      } finally {
        run.signal('SIGINT');
      }
      expect(await run.exited, run.output()).toEqual({ code: 0, signal: null });
    },
    slowTimeout(30_000),
  );

  const STUB = 'exercises/03-security/04-token-bucket.ts';
  const solved = !readFileSync(new URL(`../../${STUB}`, import.meta.url), 'utf8').includes("new TodoError('03.4')");
  it.skipIf(solved)(
    `refuses to start with the untouched stub, naming exercise 03.4, its file and the hint command${solved ? ` (skipped: ${STUB} no longer throws its TodoError)` : ''}`,
    async () => {
      const run = runMain([], ['--mine', '03']);
      expect(await run.exited).toEqual({ code: 1, signal: null });
      const output = run.output();
      expect(output).toContain('exercise 03.4 "A token bucket behind the limiter port" is not solved yet');
      expect(output).toContain(STUB);
      expect(output).toContain('npm run workbook -- hint 03.4');
      expect(output).not.toMatch(/^\s+at /m); // no stack trace
    },
    slowTimeout(20_000),
  );

  it(
    'refuses an unknown chapter and a chapter without capstone ports, listing the valid ones',
    async () => {
      for (const [value, reason] of [
        ['42', 'there is no chapter "42"'],
        ['05', 'chapter 05 has no exercise that implements a capstone port'],
      ] as const) {
        const run = runMain([], ['--mine', value]);
        expect(await run.exited).toEqual({ code: 1, signal: null });
        expect(run.output()).toContain(reason);
        expect(run.output()).toMatch(/03: 03\.4 A token bucket behind the limiter port \(rate-limiter\)\n\s+04: /);
        // The chapter's exercises are listed in manifest order (its ramp), whatever that is.
        expect(run.output()).toMatch(/04: .*04\.4 An in-process cache behind the cache port \(cache\)/);
        expect(run.output()).toMatch(/04: .*04\.7 .*\(worker-pool\)/);
      }
    },
    slowTimeout(20_000),
  );
});
