/**
 * The Chapter 3 app's authenticated read (`GET /users/me`: bearer check, session check, repository read, roles)
 * against a bare Express 5 "hello world", under the same autocannon settings in one run; then the load gate's own
 * overhead: the gate's scenario runner against raw autocannon sending the same request.
 * The servers run in this process and autocannon in a child of its own (bench/load-generator.ts); on the reference
 * machine two cores are shared with other work: compare the ratios, not the absolute numbers. Repositories are the in-memory ones: this measures the HTTP and auth path, not
 * a database.
 */
import express from 'express';
import { buildTestApp } from '../chapters/05-testing/harness/test-app.js';
import { listenOnLoopback } from '../chapters/05-testing/harness/loopback-server.js';
import { runLoadGate } from '../chapters/05-testing/load-gate/run-gate.js';
import { singleRequestScenario } from '../chapters/05-testing/load-gate/scenario.js';
import { generateLoad, type LoadFigures } from './load-generator.js';

const CONNECTIONS = 50;
const SECONDS = 3;
const ROUNDS = 3;

type Figures = LoadFigures;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function raw(url: string, headers: Record<string, string> = {}): Promise<Figures> {
  return generateLoad({ url, headers, connections: CONNECTIONS, seconds: SECONDS });
}

export default async function run(): Promise<void> {
  const hello = express();
  hello.get('/', (_req, res) => {
    res.send('hello world');
  });
  const helloServer = await listenOnLoopback(hello);
  const test = await buildTestApp();
  await test.registerUser({ name: 'Bench User', email: 'bench@example.test', password: 'correct horse battery' });
  const { accessToken } = await test.auth.login('bench@example.test', 'correct horse battery');
  const appServer = await listenOnLoopback(test.app);
  const auth = { authorization: `Bearer ${accessToken}` };
  const meUrl = `${appServer.url}/users/me`;
  // The token must outlive the run: the app's clock is a ManualClock that does not move unless told to.

  const runs: Record<'hello' | 'me' | 'gate' | 'rawMe', Figures[]> = { hello: [], me: [], gate: [], rawMe: [] };
  try {
    await raw(`${helloServer.url}/`); // warm-up: JIT and connection setup, not measured
    await raw(meUrl, auth);
    for (let round = 0; round < ROUNDS; round += 1) {
      runs.hello.push(await raw(`${helloServer.url}/`));
      runs.me.push(await raw(meUrl, auth));
      const gate = await runLoadGate({
        target: appServer.url,
        scenario: singleRequestScenario('/users/me', auth),
        thresholds: ['errors<1%'],
        durationSeconds: SECONDS,
        connections: CONNECTIONS,
        probePath: '/users/me',
      });
      if (!gate.passed) throw new Error(`gate run failed: ${gate.thresholds.map((t) => t.detail).join('; ')}`);
      runs.gate.push({ rps: gate.metrics.rps, p99: gate.metrics.p99 });
      runs.rawMe.push(await raw(meUrl, auth));
    }
  } finally {
    await helloServer.close();
    await appServer.close();
  }
  const m = (key: keyof typeof runs, field: keyof Figures): number => median(runs[key].map((f) => f[field]));
  const line = (label: string, key: keyof typeof runs): string =>
    `${label.padEnd(44)} ${m(key, 'rps').toFixed(0).padStart(7)} req/s   p99 ${m(key, 'p99').toFixed(1).padStart(6)} ms`;
  console.log(
    `autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, median of ${ROUNDS} rounds, loopback, autocannon in its own process (shared machine: compare ratios)`,
  );
  console.log(line('bare Express 5 hello world (baseline)', 'hello'));
  console.log(line('Chapter 3 app, authenticated GET /users/me', 'me'));
  console.log(
    `  ratio to baseline: throughput ${(m('me', 'rps') / m('hello', 'rps')).toFixed(2)}, p99 ${(m('me', 'p99') / m('hello', 'p99')).toFixed(2)}x`,
  );
  console.log(line('raw autocannon, same request (baseline)', 'rawMe'));
  console.log(line('load gate scenario runner, same request', 'gate'));
  console.log(
    `  gate overhead: throughput ratio ${(m('gate', 'rps') / m('rawMe', 'rps')).toFixed(2)} (1.00 = none), p99 ratio ${(m('gate', 'p99') / m('rawMe', 'p99')).toFixed(2)}`,
  );
}
