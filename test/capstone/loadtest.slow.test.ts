import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCapstoneLoadtest } from '../../capstone/loadtest/capstone-loadtest.js';

describe('npm run loadtest -- --target capstone', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'capstone-loadtest-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('starts the service on loopback, runs the order scenario through the gate and writes the report', async () => {
    const lines: string[] = [];
    const io = { out: (line: string) => void lines.push(line), err: (line: string) => void lines.push(line) };
    // Only the error gate here: throughput and latency thresholds are for the real run, not a shared CI machine.
    const code = await runCapstoneLoadtest(['--target', 'capstone', '--duration', '2', '--connections', '2', '-t', 'errors<1%', '--out', out], io);
    expect(code, lines.join('\n')).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { steps: { name: string; responses: number; failures: number }[] };
    expect(report.steps.map((step) => step.name)).toEqual(['GET /api/products', 'GET /api/products/:id', 'POST /api/orders', 'GET /api/orders/:id']);
    expect(report.steps.every((step) => step.responses > 0 && step.failures === 0)).toBe(true);
    expect(existsSync(path.join(out, 'report.html'))).toBe(true);
  }, 120_000);

  it('refuses a malformed threshold before starting anything (exit code 2)', async () => {
    const lines: string[] = [];
    const code = await runCapstoneLoadtest(['--target', 'capstone', '-t', 'p95>1ms'], { out: (line) => void lines.push(line), err: (line) => void lines.push(line) });
    expect(code).toBe(2);
    expect(lines.join('\n')).toMatch(/a latency gate is an upper bound/);
  });
});
