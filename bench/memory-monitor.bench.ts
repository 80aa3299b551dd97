/**
 * Event-loop delay p99 under one allocation-heavy load, with and without the memory monitor running (checking every
 * 100 ms, far more often than production needs). Runs alternate, so drift on a shared machine hits both sides.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MemoryMonitor } from '../chapters/04-performance/memory-monitor.js';

const RUN_MS = 1_500;
const PAIRS = 3;

/** Small CPU-and-garbage chunks scheduled with setImmediate for RUN_MS; returns the p99 delay in ms. */
async function load(): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const end = performance.now() + RUN_MS;
  let kept: unknown[] = [];
  await new Promise<void>((resolve) => {
    const chunk = (): void => {
      for (let i = 0; i < 200; i += 1)
        kept.push(JSON.parse(JSON.stringify({ i, text: 'x'.repeat(200), list: [i, i + 1] })));
      if (kept.length > 20_000) kept = [];
      if (performance.now() < end) setImmediate(chunk);
      else resolve();
    };
    chunk();
  });
  histogram.disable();
  return histogram.percentile(99) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export default async function run(): Promise<void> {
  const without: number[] = [];
  const withMonitor: number[] = [];
  let alerts = 0;
  for (let pair = 0; pair < PAIRS; pair += 1) {
    without.push(await load());
    const monitor = new MemoryMonitor({ intervalMs: 100, onAlert: () => (alerts += 1) });
    monitor.start();
    withMonitor.push(await load());
    monitor.stop();
  }
  const a = median(without);
  const b = median(withMonitor);
  console.log(`event-loop delay p99 without monitor (baseline) ${a.toFixed(2)} ms`);
  console.log(
    `event-loop delay p99 with monitor (100 ms checks) ${b.toFixed(2)} ms   ratio ${(b / a).toFixed(2)} (1.00 = no cost)`,
  );
  console.log(`(${PAIRS} alternating pairs of ${RUN_MS} ms, medians; ${alerts} alerts raised)`);
}
