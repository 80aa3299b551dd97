import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCapstoneLoadtest } from '../../capstone/loadtest/capstone-loadtest.js';
import { fromRoot } from '../../workbook/paths.js';
import { slowDeadline, slowTimeout } from '../support/slow-tests.js';

/**
 * `npm run loadtest -- ...` without npm, in a child process that does not block this worker's event loop: an invalid
 * threshold makes each target answer before any load is sent.
 */
function loadtest(...args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const options = { cwd: fromRoot(), encoding: 'utf8' as const, timeout: slowDeadline(10_000) };
    execFile(
      process.execPath,
      ['--import', 'tsx', fromRoot('loadtest/run.ts'), ...args],
      options,
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ status: code, output: stdout + stderr });
      },
    );
  });
}

describe('npm run loadtest picks its target', () => {
  it('gates the capstone by default', { timeout: slowTimeout(15_000) }, async () => {
    const run = await loadtest('-t', 'p95>1ms');
    expect(run.status).toBe(2);
    expect(run.output).toContain('Starts the orders service');
  });

  it('gates the Chapter 3 app with --target chapter-03', { timeout: slowTimeout(15_000) }, async () => {
    const run = await loadtest('--target', 'chapter-03', '-t', 'p95>1ms');
    expect(run.status).toBe(2);
    expect(run.output).toContain('a latency gate is an upper bound');
    expect(run.output).not.toContain('Starts the orders service');
  });
});

describe('npm run loadtest -- --target capstone', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'capstone-loadtest-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it(
    'starts the service on loopback, runs the order scenario through the gate and writes the report',
    async () => {
      const lines: string[] = [];
      const io = { out: (line: string) => void lines.push(line), err: (line: string) => void lines.push(line) };
      // Only the error gate here: throughput and latency thresholds are for the real run, not a shared CI machine.
      const code = await runCapstoneLoadtest(
        ['--target', 'capstone', '--duration', '2', '--connections', '2', '-t', 'errors<1%', '--out', out],
        io,
      );
      expect(code, lines.join('\n')).toBe(0);
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as {
        steps: { name: string; responses: number; failures: number }[];
      };
      expect(report.steps.map((step) => step.name)).toEqual([
        'GET /api/products',
        'GET /api/products/:id',
        'POST /api/orders',
        'GET /api/orders/:id',
      ]);
      expect(report.steps.every((step) => step.responses > 0 && step.failures === 0)).toBe(true);
      expect(existsSync(path.join(out, 'report.html'))).toBe(true);
    },
    slowTimeout(20_000),
  );

  it('refuses a malformed threshold before starting anything (exit code 2)', async () => {
    const lines: string[] = [];
    const code = await runCapstoneLoadtest(['--target', 'capstone', '-t', 'p95>1ms'], {
      out: (line) => void lines.push(line),
      err: (line) => void lines.push(line),
    });
    expect(code).toBe(2);
    expect(lines.join('\n')).toMatch(/a latency gate is an upper bound/);
  });
});
