import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback, type LoopbackServer } from '../../../chapters/05-testing/harness/loopback-server.js';
import { buildTestApp } from '../../../chapters/05-testing/harness/test-app.js';
import { runLoadtestCli } from '../../../chapters/05-testing/loadtest-cli.js';
import { healthy, toyServer } from './support/toy-servers.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** Runs a TypeScript entry in a child Node and resolves with its exit code and output. */
function runEntry(file: string, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      cwd: root,
      env: { ...process.env, WORKBOOK_MONGO_PROVIDER: 'embedded' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

// The real Chapter 3 app behind a fault: every other GET /users/me is a 500. Sign-in and seeding still work.
let broken: LoopbackServer;
let out: string;
beforeAll(async () => {
  const { app } = await buildTestApp();
  const faulty = express();
  let reads = 0;
  faulty.use((req, res, next) => {
    if (req.method === 'GET' && req.path === '/users/me' && ++reads % 2 === 0) {
      res.status(500).type('application/problem+json').send('{"status":500,"code":"INTERNAL"}');
      return;
    }
    next();
  });
  faulty.use(app);
  broken = await listenOnLoopback(faulty);
  out = await mkdtemp(path.join(tmpdir(), 'loadtest-cli-'));
});
afterAll(async () => {
  await broken.close();
  await rm(out, { recursive: true, force: true });
});

describe('npm run loadtest', () => {
  it('exits 1 against a server that fails half its profile reads, naming the breached threshold (child process)', async () => {
    const run = await runEntry('loadtest/run.ts', [
      '--target',
      broken.url,
      '--duration',
      '1',
      '--connections',
      '2',
      '--users',
      '2',
      '--out',
      path.join(out, 'child'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+errors<1%/);
    expect(run.stdout).toContain('gate FAILED');
  }, 60_000);

  it('exits 2 on an invalid threshold without sending a request, and says what is allowed', async () => {
    const target = await toyServer(healthy);
    const errors: string[] = [];
    try {
      const outcome = await runLoadtestCli(
        ['--target', target.url, '--threshold', 'p95<fast', '--threshold', 'errors<1%'],
        { out: () => {}, err: (line) => errors.push(line) },
      );
      expect(outcome.exitCode).toBe(2);
      expect(target.requests()).toBe(0);
      expect(errors.join('\n')).toMatch(
        /threshold "p95<fast" is not <metric><comparator><number><unit>; write it like p95<200ms/,
      );
    } finally {
      await target.close();
    }
  });

  it('exits 2 for a non-loopback --target unless --allow-remote-target is given', async () => {
    const errors: string[] = [];
    const outcome = await runLoadtestCli(['--target', 'https://api.production.example'], {
      out: () => {},
      err: (line) => errors.push(line),
    });
    expect(outcome.exitCode).toBe(2);
    expect(errors.join('\n')).toMatch(/refusing to load-test https:\/\/api\.production\.example/);
  });

  it('exits 2 on an unknown option, with the usage', async () => {
    const errors: string[] = [];
    const outcome = await runLoadtestCli(['--duraton', '5'], { out: () => {}, err: (line) => errors.push(line) });
    expect(outcome.exitCode).toBe(2);
    expect(errors.join('\n')).toMatch(/Unknown option '--duraton'[\s\S]*Usage: npm run loadtest/);
  });

  it('passes against the healthy app with loose thresholds and writes the report where --out says', async () => {
    const dir = path.join(out, 'in-process');
    const outcome = await runLoadtestCli(
      ['--duration', '1', '--connections', '2', '--users', '2', '--threshold', 'errors<1%', '--out', dir],
      { out: () => {}, err: () => {} },
    );
    expect(outcome.exitCode).toBe(0);
    expect(outcome.result?.steps.map((s) => s.name)).toEqual([
      'POST /auth/login',
      'GET /users/me',
      'GET /users/me (again)',
      'POST /auth/refresh',
      'GET /users/me (new token)',
      'POST /auth/logout',
    ]);
    expect(outcome.report?.html).toBe(path.join(dir, 'report.html'));
    expect(await readFile(path.join(dir, 'report.html'), 'utf8')).toContain('PASSED');
  }, 30_000);

  it('the demo runs a short gate, prints where the report is, and exits by itself with code 0', async () => {
    const run = await runEntry('chapters/05-testing/demo.ts');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/report: artifacts[/\\]loadtest[/\\].+report\.html/);
  }, 60_000);
});
