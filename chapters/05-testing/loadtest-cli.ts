import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildTestApp } from './harness/test-app.js';
import { listenOnLoopback, type LoopbackServer } from './harness/loopback-server.js';
import { startTestServices, type TestServices } from './harness/test-services.js';
import { LoadGateError } from './load-gate/load-gate-errors.js';
import { writeGateReport } from './load-gate/report.js';
import { runLoadGate, type GateResult } from './load-gate/run-gate.js';
import { checkTarget } from './load-gate/target.js';
import { parseThresholds } from './load-gate/thresholds.js';
import { seedUsersOverHttp, signedInUserScenario } from './signed-in-user.scenario.js';

/** Thresholds when none are given: loose enough for a shared 2-core laptop, tight enough to catch a broken build. */
export const DEFAULT_THRESHOLDS = ['p95<500ms', 'p99<1s', 'errors<1%', 'rps>20'] as const;

/** scrypt cost of the in-process app under load: sign-in stays the production code path without dominating the run. */
export const LOADTEST_SCRYPT_COST = 2 ** 10;

export const USAGE = `Usage: npm run loadtest -- [options]
  --threshold, -t <expr>   repeatable: p95<500ms, p99<1s, errors<1%, rps>20 (the defaults)
  --duration <seconds>     load duration (default 10)
  --connections <n>        concurrent virtual users (default 10)
  --users <n>              users seeded through POST /users (default 20)
  --target <url>           test a running server instead of starting the app (loopback only)
  --allow-remote-target    permit a non-loopback --target (a host you own that no user depends on)
  --out <dir>              report directory (default artifacts/loadtest/<run id>)
Exit codes: 0 every threshold held, 1 a threshold was breached, 2 the run could not start.`;

/** Where the CLI writes: injectable so tests read the output instead of scraping the terminal. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** What a finished run produced (for the demo and tests). */
export interface CliOutcome {
  readonly exitCode: 0 | 1 | 2;
  readonly result?: GateResult;
  readonly report?: { readonly html: string; readonly json: string };
}

function summaryLines(result: GateResult): string[] {
  return [
    `${result.responses} responses in ${result.elapsedSeconds.toFixed(1)} s, ${result.failures} failed`,
    ...result.thresholds.map((t) => `  ${t.passed ? 'pass' : 'FAIL'}  ${t.expression.padEnd(14)} ${t.detail}`),
    `gate ${result.passed ? 'PASSED' : 'FAILED'}`,
  ];
}

// #region cli
/**
 * `npm run loadtest`: checks the arguments and thresholds, starts the Chapter 3 app on loopback (or checks
 * `--target`), seeds users over HTTP, runs the signed-in-user scenario, writes the report, and returns the exit code.
 * Never calls `process.exit`: the caller sets `process.exitCode`, so every server and client closes first.
 */
export async function runLoadtestCli(
  argv: readonly string[],
  io: CliIo = { out: console.log, err: console.error },
): Promise<CliOutcome> {
  let services: TestServices | undefined;
  let server: LoopbackServer | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        threshold: { type: 'string', short: 't', multiple: true },
        duration: { type: 'string', default: '10' },
        connections: { type: 'string', default: '10' },
        users: { type: 'string', default: '20' },
        target: { type: 'string' },
        'allow-remote-target': { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      io.out(USAGE);
      return { exitCode: 0 };
    }
    // Everything that can be wrong with the command line is found here, before a server starts or a request is sent.
    const thresholds = values.threshold?.length ? values.threshold : [...DEFAULT_THRESHOLDS];
    parseThresholds(thresholds);
    const durationSeconds = Number(values.duration);
    const connections = Number(values.connections);
    const userCount = Number(values.users);
    if (!Number.isInteger(userCount) || userCount < 1 || userCount > 10_000)
      throw new TypeError(`--users must be a whole number from 1 to 10000, not ${values.users}`);
    if (values.target) checkTarget(values.target, values['allow-remote-target']);

    let target = values.target;
    if (!target) {
      services = await startTestServices({ label: 'loadtest', log: (line) => io.out(line) });
      const { app } = await buildTestApp({ db: services.db, scryptCost: LOADTEST_SCRYPT_COST });
      server = await listenOnLoopback(app);
      target = server.url;
      io.out(`app: Chapter 3 app on ${target} (scrypt cost 2^10: the production code path, at test cost)`);
    }
    const users = await seedUsersOverHttp(target, userCount);
    io.out(
      `seeded ${users.length} users through POST /users; ${connections} connections for ${durationSeconds} s; thresholds: ${thresholds.join(' ')}`,
    );
    const result = await runLoadGate({
      target,
      scenario: signedInUserScenario(users),
      thresholds,
      durationSeconds,
      connections,
      allowRemoteTarget: values['allow-remote-target'],
      probePath: '/users/me',
      title: `Chapter 3 app: ${signedInUserScenario(users).name}`,
    });
    const dir =
      values.out ??
      path.join(
        'artifacts',
        'loadtest',
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`,
      );
    const report = await writeGateReport(result, dir);
    for (const line of summaryLines(result)) io.out(line);
    io.out(`report: ${report.html}\njson:   ${report.json}`);
    return { exitCode: result.passed ? 0 : 1, result, report };
  } catch (error) {
    if (error instanceof LoadGateError || error instanceof TypeError) {
      io.err(`loadtest: ${error.message}`);
      if (error instanceof TypeError) io.err(USAGE);
      return { exitCode: 2 };
    }
    throw error;
  } finally {
    await server?.close();
    await services?.close();
  }
}
// #endregion cli
