import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  NonLoopbackTargetError,
  TargetUnreachableError,
  ThresholdSyntaxError,
} from '../../../../chapters/05-testing/load-gate/load-gate-errors.js';
import { writeGateReport } from '../../../../chapters/05-testing/load-gate/report.js';
import { runLoadGate } from '../../../../chapters/05-testing/load-gate/run-gate.js';
import { singleRequestScenario } from '../../../../chapters/05-testing/load-gate/scenario.js';
import { halfFailing, healthy, toyServer, type ToyServer } from '../support/toy-servers.js';

// Short runs, few connections: these tests prove the gate's verdicts, not anybody's performance.
const SHORT = { durationSeconds: 1, connections: 2 } as const;
const open: ToyServer[] = [];
async function serve(handler: Parameters<typeof toyServer>[0]): Promise<ToyServer> {
  const server = await toyServer(handler);
  open.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

describe('the load gate', () => {
  it('fails a server that answers half its requests with 500', async () => {
    const server = await serve(halfFailing);
    const result = await runLoadGate({
      ...SHORT,
      target: server.url,
      scenario: singleRequestScenario('/'),
      thresholds: ['errors<1%', 'p99<5s'],
    });
    expect(result.passed).toBe(false);
    expect(result.metrics.errors).toBeGreaterThan(0.4);
    expect(result.thresholds.find((t) => t.metric === 'errors')?.passed).toBe(false);
    expect(result.steps[0]?.statuses['500']).toBeGreaterThan(0);
  });

  it('fails a server whose p95 is over the threshold', async () => {
    const server = await serve((_n, _req, res) => {
      setTimeout(() => res.writeHead(200).end('slow'), 30);
    });
    const result = await runLoadGate({
      ...SHORT,
      target: server.url,
      scenario: singleRequestScenario('/'),
      thresholds: ['p95<5ms'],
    });
    expect(result.passed).toBe(false);
    expect(result.metrics.p95).toBeGreaterThanOrEqual(30);
  });

  it('passes a healthy server against thresholds it meets', async () => {
    const server = await serve(healthy);
    const result = await runLoadGate({
      ...SHORT,
      target: server.url,
      scenario: singleRequestScenario('/'),
      thresholds: ['errors<1%', 'rps>0'],
    });
    expect(result.thresholds.map((t) => t.detail)).toHaveLength(2);
    expect(result.passed).toBe(true);
    expect(result.responses).toBeGreaterThan(0);
    expect(result.histogram.reduce((sum, b) => sum + b.count, 0)).toBe(result.responses);
  });

  it('rejects an invalid threshold before sending a single request', async () => {
    const server = await serve(healthy);
    await expect(
      runLoadGate({ ...SHORT, target: server.url, scenario: singleRequestScenario('/'), thresholds: ['p95<fast'] }),
    ).rejects.toBeInstanceOf(ThresholdSyntaxError);
    expect(server.requests()).toBe(0);
  });

  it.each(['http://10.0.0.8:3000', 'https://api.example.com', 'http://192.168.1.20', 'http://[2001:db8::1]:80'])(
    'refuses the non-loopback target %s without connecting, unless allowRemoteTarget is set',
    async (target) => {
      const error = await runLoadGate({
        ...SHORT,
        target,
        scenario: singleRequestScenario('/'),
        thresholds: ['errors<1%'],
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NonLoopbackTargetError);
      expect((error as Error).message).toMatch(/not a loopback address.*--allow-remote-target/);
    },
  );

  it('says clearly, and at once, that nothing listens on the target port', async () => {
    const server = await serve(healthy);
    const { url } = server;
    await server.close();
    open.splice(0);
    const error = await runLoadGate({
      ...SHORT,
      target: url,
      scenario: singleRequestScenario('/'),
      thresholds: ['errors<1%'],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetUnreachableError);
    expect((error as Error).message).toMatch(/refused the connection: nothing listens on that port/);
  });

  it('gives up on a target that accepts and never answers after the probe timeout, with a clear error', async () => {
    const server = await serve(() => {}); // accepts, reads, never responds
    const error = await runLoadGate({
      ...SHORT,
      target: server.url,
      scenario: singleRequestScenario('/'),
      thresholds: ['errors<1%'],
      probeTimeoutMs: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetUnreachableError);
    expect((error as Error).message).toMatch(/sent no response within 300 ms/);
  });

  it('writes a self-contained HTML report with an SVG histogram and throughput line, and JSON with null for NaN', async () => {
    const server = await serve(halfFailing);
    const result = await runLoadGate({
      ...SHORT,
      target: server.url,
      scenario: singleRequestScenario('/'),
      thresholds: ['errors<1%', 'rps>1'],
    });
    const dir = await mkdtemp(path.join(tmpdir(), 'gate-report-'));
    try {
      const written = await writeGateReport({ ...result, metrics: { ...result.metrics, p99: Number.NaN } }, dir);
      const html = await readFile(written.html, 'utf8');
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('Load gate <span class="verdict">FAILED</span>');
      expect(html.match(/<svg /g)).toHaveLength(2);
      expect(html).toContain('<polyline');
      expect(html).not.toMatch(/<script|<link|src="http/); // nothing fetched: it opens from a CI artifact as is
      const json = JSON.parse(await readFile(written.json, 'utf8')) as { passed: boolean; metrics: { p99: unknown } };
      expect(json.passed).toBe(false);
      expect(json.metrics.p99).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
