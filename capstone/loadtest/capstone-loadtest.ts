/**
 * `npm run loadtest` (the default target, `capstone`): Chapter 5's load gate, with its default thresholds, against the whole
 * orders service started on loopback by the command. Each virtual user browses the catalogue, places an order and
 * follows it, as a signed-in demo customer; the report is Chapter 5's HTML and JSON.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLDS } from '../../chapters/05-testing/loadtest-cli.js';
import { LoadGateError, LoadGateOptionsError } from '../../chapters/05-testing/load-gate/load-gate-errors.js';
import { writeGateReport } from '../../chapters/05-testing/load-gate/report.js';
import { runLoadGate } from '../../chapters/05-testing/load-gate/run-gate.js';
import type { Scenario } from '../../chapters/05-testing/load-gate/scenario.js';
import { parseThresholds } from '../../chapters/05-testing/load-gate/thresholds.js';
import { DEMO_ADMIN, DEMO_PRODUCTS, DEMO_USER } from '../api/demo-data.js';
import { startLocalCapstone } from './local-capstone.js';

export const CAPSTONE_LOADTEST_USAGE = `Usage: npm run loadtest -- [options]
  Starts the orders service (api and worker, one process) on loopback with the services the environment names
  (REDIS_URL, AMQP_URL, MONGODB_URI; stand-ins otherwise) and runs the Chapter 5 gate against it.
  --threshold, -t <expr>   repeatable (default: ${DEFAULT_THRESHOLDS.join(' ')})
  --duration <seconds>     load duration (default 10)
  --connections <n>        concurrent virtual users (default 10)
  --out <dir>              report directory (default artifacts/loadtest/<run id>)
  --target chapter-03      gate the Chapter 3 app instead; --target <url> a running server (--target chapter-03 --help)`;

async function json(url: string, init: RequestInit): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok)
    throw new LoadGateOptionsError(
      `setting up the capstone scenario failed: ${init.method ?? 'GET'} ${url} answered ${response.status} (${JSON.stringify(body).slice(0, 200)})`,
    );
  return body;
}

/** Signs in the demo customer and creates a product with stock enough for any run: what the scenario needs. */
export async function prepareOrderScenario(base: string): Promise<{ token: string; productId: string }> {
  const admin = await json(`${base}/api/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
  });
  const product = await json(`${base}/api/products`, {
    method: 'POST',
    headers: { authorization: `Bearer ${String(admin.accessToken)}` },
    body: JSON.stringify({ name: `Load test stock ${randomUUID()}`, priceCents: 100, stock: 1_000_000 }),
  });
  const user = await json(`${base}/api/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ email: DEMO_USER.email, password: DEMO_USER.password }),
  });
  return { token: String(user.accessToken), productId: String(product.id) };
}

// #region scenario
/** A customer, per connection, in a loop: a catalogue page, one product, an order (202), then the order itself. */
export function orderScenario(setup: { token: string; productId: string }): Scenario {
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${setup.token}` });
  return {
    name: 'browse the catalogue, place an order, follow it',
    steps: [
      { name: 'GET /api/products', path: '/api/products?limit=5' },
      { name: 'GET /api/products/:id', path: `/api/products/${DEMO_PRODUCTS[0].id}` },
      {
        name: 'POST /api/orders',
        method: 'POST',
        path: '/api/orders',
        headers: () => ({ ...auth(), 'idempotency-key': randomUUID() }),
        body: () => ({ items: [{ productId: setup.productId, quantity: 1 }] }),
        expect: [202],
        capture: (body, context) => {
          context.orderId = (body as { id?: unknown }).id;
        },
      },
      { name: 'GET /api/orders/:id', path: (context) => `/api/orders/${String(context.orderId)}`, headers: auth },
    ],
  };
}
// #endregion scenario

/** The command; returns the exit code (0 held, 1 breached, 2 could not run) and never calls process.exit. */
export async function runCapstoneLoadtest(
  argv: readonly string[],
  io: { out: (line: string) => void; err: (line: string) => void } = { out: console.log, err: console.error },
): Promise<0 | 1 | 2> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        target: { type: 'string' },
        threshold: { type: 'string', short: 't', multiple: true },
        duration: { type: 'string', default: '10' },
        connections: { type: 'string', default: '10' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
    if (values.help) {
      io.out(CAPSTONE_LOADTEST_USAGE);
      return 0;
    }
    parseThresholds(values.threshold?.length ? values.threshold : [...DEFAULT_THRESHOLDS]);
  } catch (error) {
    io.err(`loadtest: ${(error as Error).message}\n${CAPSTONE_LOADTEST_USAGE}`);
    return 2;
  }
  const thresholds = values.threshold?.length ? values.threshold : [...DEFAULT_THRESHOLDS];
  const service = await startLocalCapstone({ log: io.out });
  try {
    io.out(`app: the orders service (api and worker in one process) on ${service.url}`);
    for (const [name, line] of Object.entries(service.providers)) io.out(`  ${name.padEnd(8)} ${line}`);
    const scenario = orderScenario(await prepareOrderScenario(service.url));
    const result = await runLoadGate({
      target: service.url,
      scenario,
      thresholds,
      durationSeconds: Number(values.duration),
      connections: Number(values.connections),
      probePath: '/health/ready',
      title: `Capstone orders service: ${scenario.name}`,
    });
    const dir =
      values.out ??
      path.join(
        'artifacts',
        'loadtest',
        `capstone-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`,
      );
    const report = await writeGateReport(result, dir);
    io.out(`${result.responses} responses in ${result.elapsedSeconds.toFixed(1)} s, ${result.failures} failed`);
    for (const step of result.steps)
      io.out(`  ${step.name.padEnd(24)} ${step.responses} responses, ${step.failures} failed`);
    for (const outcome of result.thresholds)
      io.out(`  ${outcome.passed ? 'pass' : 'FAIL'}  ${outcome.expression.padEnd(14)} ${outcome.detail}`);
    io.out(`gate ${result.passed ? 'PASSED' : 'FAILED'}\nreport: ${report.html}\njson:   ${report.json}`);
    return result.passed ? 0 : 1;
  } catch (error) {
    if (error instanceof LoadGateError) {
      io.err(`loadtest: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await service.stop();
  }
}
