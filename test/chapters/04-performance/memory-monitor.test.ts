import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import v8 from 'node:v8';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MemoryMonitor,
  type GcEvent,
  type GcKind,
  type MemoryAlert,
  type MemoryProbes,
} from '../../../chapters/04-performance/memory-monitor.js';

const MiB = 1024 * 1024;
const run = promisify(execFile);
/** A child process under tsx: under a second on a quiet machine, several at a load average of 20 on 2 cores. */
const CHILD_MS = 50_000;
const SLOW_MS = 60_000;

/** A process the test controls: heap figures, free memory, GC events and the clock. */
function fakeProcess() {
  const state = {
    heapUsed: 100 * MiB,
    heapLimit: 1000 * MiB,
    rss: 200 * MiB,
    free: 8000 * MiB,
    limit: undefined as number | undefined,
    now: 0,
  };
  const written: string[] = [];
  let listener: ((event: GcEvent) => void) | undefined;
  const probes: MemoryProbes = {
    heapStatistics: () => ({ used_heap_size: state.heapUsed, heap_size_limit: state.heapLimit }),
    rss: () => state.rss,
    freeMemory: () => state.free,
    constrainedMemory: () => state.limit,
    observeGc: (next) => {
      listener = next;
      return () => (listener = undefined);
    },
    writeHeapSnapshot: (file) => {
      writeFileSync(file, '{}');
      written.push(file);
      return file;
    },
    now: () => state.now,
  };
  const gc = (kind: GcKind, heapMiB: number): void => {
    state.now += 10_000;
    listener?.({ kind, durationMs: 4, heapUsedAfter: heapMiB * MiB, at: state.now });
  };
  return { state, probes, written, gc, observing: () => listener !== undefined };
}

const sawtooth = [100, 104, 101, 103, 100, 105, 102, 100, 104, 101, 103, 100];
const growth = [100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 210];

describe('MemoryMonitor', () => {
  let dir: string;
  let monitor: MemoryMonitor | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'memory-monitor-'));
  });
  afterEach(() => {
    monitor?.stop();
    monitor = undefined;
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the heap against heap_size_limit and RSS against the container limit', () => {
    const fake = fakeProcess();
    fake.state.limit = 512 * MiB;
    monitor = new MemoryMonitor({ probes: fake.probes });
    expect(monitor.check()).toMatchObject({
      heapUsed: 100 * MiB,
      heapLimit: 1000 * MiB,
      heapRatio: 0.1,
      rss: 200 * MiB,
      rssLimit: 512 * MiB,
    });
  });

  it('reads the real heap limit of this process by default', () => {
    monitor = new MemoryMonitor();
    monitor.start();
    const report = monitor.check();
    expect(report.heapLimit).toBe(v8.getHeapStatistics().heap_size_limit);
    expect(report.eventLoopDelay.p99).toBeGreaterThanOrEqual(0);
  });

  it('alerts when the heap nears its limit, and when RSS nears the container limit', () => {
    const fake = fakeProcess();
    const alerts: MemoryAlert[] = [];
    monitor = new MemoryMonitor({ probes: fake.probes, onAlert: (alert) => alerts.push(alert) });
    monitor.check();
    fake.state.heapUsed = 900 * MiB;
    fake.state.limit = 1000 * MiB;
    fake.state.rss = 950 * MiB;
    monitor.check();
    expect(alerts.map((alert) => alert.kind)).toEqual(['heap-near-limit', 'rss-near-limit']);
  });

  it('raises one heap-near-limit alert for an hour of checks above the limit, and one more only after it fell and rose again', () => {
    const fake = fakeProcess();
    const alerts: MemoryAlert[] = [];
    monitor = new MemoryMonitor({ probes: fake.probes, onAlert: (alert) => alerts.push(alert) });
    fake.state.heapUsed = 900 * MiB;
    for (let check = 0; check < 360; check += 1) monitor.check(); // an hour at the default 10 s
    expect(alerts.map((alert) => alert.kind)).toEqual(['heap-near-limit']);
    fake.state.heapUsed = 500 * MiB;
    monitor.check();
    fake.state.heapUsed = 900 * MiB;
    monitor.check();
    expect(alerts.map((alert) => alert.kind)).toEqual(['heap-near-limit', 'heap-near-limit']);
  });

  it('does not alert again while the heap hovers just around the limit', () => {
    const fake = fakeProcess();
    const alerts: MemoryAlert[] = [];
    monitor = new MemoryMonitor({ probes: fake.probes, onAlert: (alert) => alerts.push(alert) });
    for (const heapMiB of [860, 840, 860, 845, 870, 849, 855]) {
      fake.state.heapUsed = heapMiB * MiB;
      monitor.check();
    }
    expect(alerts.map((alert) => alert.kind)).toEqual(['heap-near-limit']);
  });

  it('refuses a re-arm share that is not below the limit', () => {
    expect(() => new MemoryMonitor({ limitRatio: 0.8, rearmRatio: 0.8 })).toThrow(
      'rearmRatio must be below limitRatio (0.8), got 0.8',
    );
  });

  it('raises one rss-near-limit alert while RSS stays near the container limit', () => {
    const fake = fakeProcess();
    fake.state.limit = 1000 * MiB;
    fake.state.rss = 950 * MiB;
    const alerts: MemoryAlert[] = [];
    monitor = new MemoryMonitor({ probes: fake.probes, onAlert: (alert) => alerts.push(alert) });
    for (let check = 0; check < 360; check += 1) monitor.check();
    expect(alerts.map((alert) => alert.kind)).toEqual(['rss-near-limit']);
  });

  it('raises no leak alarm for a GC sawtooth that returns to its baseline', () => {
    const fake = fakeProcess();
    const alerts: MemoryAlert[] = [];
    monitor = new MemoryMonitor({ probes: fake.probes, onAlert: (alert) => alerts.push(alert) });
    monitor.start();
    for (const heap of [...sawtooth, ...sawtooth]) fake.gc('major', heap);
    expect(alerts).toEqual([]);
  });

  it('raises a leak alarm for steady growth of the heap after major GCs', () => {
    const fake = fakeProcess();
    const alerts: MemoryAlert[] = [];
    monitor = new MemoryMonitor({ probes: fake.probes, onAlert: (alert) => alerts.push(alert) });
    monitor.start();
    for (const heap of growth) fake.gc('major', heap);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'leak', verdict: { growthBytes: 90 * MiB, samples: 12 } });
  });

  it('judges leaks on major GCs only, but counts every GC pause', () => {
    const fake = fakeProcess();
    const alerts: MemoryAlert[] = [];
    monitor = new MemoryMonitor({ probes: fake.probes, onAlert: (alert) => alerts.push(alert) });
    monitor.start();
    for (const heap of growth) fake.gc('minor', heap);
    fake.gc('major', 100);
    expect(alerts).toEqual([]);
    expect(monitor.check().gc).toEqual({ count: 13, totalMs: 52, maxMs: 4, majorCount: 1 });
    expect(monitor.check().gc.count).toBe(0);
  });

  it('writes a heap snapshot into a directory it creates, at most one per cooldown', () => {
    const fake = fakeProcess();
    const alerts: MemoryAlert[] = [];
    const directory = path.join(dir, 'nested', 'heapdumps');
    monitor = new MemoryMonitor({
      probes: fake.probes,
      leak: { windowSize: 4 },
      snapshots: { directory, cooldownMs: 60_000 },
      onAlert: (alert) => alerts.push(alert),
    });
    monitor.start();
    for (const heap of [100, 120, 140, 160, 180, 200, 220, 240]) fake.gc('major', heap);
    fake.state.now += 60_000;
    for (const heap of [260, 280, 300, 320]) fake.gc('major', heap);

    expect(alerts.map((alert) => alert.snapshot)).toEqual([
      { written: fake.written[0] },
      { skipped: expect.stringContaining('cooldown') as unknown },
      { written: fake.written[1] },
    ]);
    expect(fake.written).toHaveLength(2);
    expect(fake.written.every((file) => path.dirname(file) === directory && existsSync(file))).toBe(true);
  });

  it('writes no snapshot when free memory is under twice the heap', () => {
    const fake = fakeProcess();
    fake.state.heapUsed = 900 * MiB;
    fake.state.free = 1500 * MiB;
    const alerts: MemoryAlert[] = [];
    monitor = new MemoryMonitor({
      probes: fake.probes,
      snapshots: { directory: dir },
      onAlert: (alert) => alerts.push(alert),
    });
    monitor.check();
    expect(alerts[0]?.snapshot).toEqual({ skipped: 'low memory: 1500 MiB available, a snapshot needs about 1800 MiB' });
    expect(fake.written).toEqual([]);
  });

  it('keeps monitoring when the alert handler throws or rejects, and reports each failure', async () => {
    const fake = fakeProcess();
    fake.state.heapUsed = 900 * MiB;
    const errors: unknown[] = [];
    let calls = 0;
    monitor = new MemoryMonitor({
      probes: fake.probes,
      onError: (error) => errors.push(error),
      onAlert: (): unknown => {
        calls += 1;
        if (calls === 1) throw new Error('pager is down');
        return Promise.reject(new Error('pager timed out'));
      },
    });
    monitor.check();
    fake.state.heapUsed = 100 * MiB; // back down, so the next rise alerts again
    monitor.check();
    fake.state.heapUsed = 900 * MiB;
    monitor.check();
    await Promise.resolve();
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('pager is down'), new Error('pager timed out')]);
  });

  it('reports a leak rule that throws to onError, at most once per window, and keeps judging', () => {
    const fake = fakeProcess();
    const errors: unknown[] = [];
    let calls = 0;
    monitor = new MemoryMonitor({
      probes: fake.probes,
      leak: {
        windowSize: 4,
        rule: () => {
          calls += 1;
          throw new Error('rule bug');
        },
      },
      onError: (error) => errors.push(error),
    });
    monitor.start();
    for (const heap of [100, 110, 120, 130, 140, 150, 160, 170]) fake.gc('major', heap);
    expect(errors).toEqual([new Error('rule bug'), new Error('rule bug')]);
    expect(calls).toBe(2);
    expect(monitor.check().gc.majorCount).toBe(8);
  });

  it(
    'survives a leak rule that throws inside the real GC observer (child process, real major GCs)',
    async () => {
      const fixture = fileURLToPath(new URL('./fixtures/monitor-throwing-rule.ts', import.meta.url));
      const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', fixture], {
        timeout: CHILD_MS,
      });
      expect(stdout).toContain('survived; reported: rule bug');
    },
    SLOW_MS,
  );

  it('stop() clears its timer and disconnects the GC observer', () => {
    vi.useFakeTimers();
    const fake = fakeProcess();
    const reports: unknown[] = [];
    monitor = new MemoryMonitor({ probes: fake.probes, intervalMs: 1_000, onReport: (report) => reports.push(report) });
    monitor.start();
    vi.advanceTimersByTime(3_000);
    expect(reports).toHaveLength(3);
    monitor.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(fake.observing()).toBe(false);
    expect(monitor.running).toBe(false);
  });

  it(
    'lets the process exit by itself after stop(), even when it keeps the process alive while running',
    async () => {
      const fixture = fileURLToPath(new URL('./fixtures/monitor-then-stop.ts', import.meta.url));
      const { stdout } = await run(process.execPath, ['--import', 'tsx', fixture], { timeout: CHILD_MS });
      expect(stdout).toContain('checked twice, stopped');
    },
    SLOW_MS,
  );

  it('(control) keeps the process alive when stop() is forgotten, so the test above can tell', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/monitor-then-stop.ts', import.meta.url));
    const outcome = run(process.execPath, ['--import', 'tsx', fixture, 'forget-stop'], { timeout: 4_000 });
    await expect(outcome).rejects.toMatchObject({ killed: true });
  });
});
