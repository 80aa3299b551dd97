/** The run's one calibration, for global-setup.ts (no vitest import: it runs in the main process). */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

const SPIN = `
const { workerData } = require('node:worker_threads');
const end = Date.now() + workerData;
let spin = 0;
while (Date.now() < end) spin = (spin + Math.sqrt(spin + 1)) % 1e9;
`;

/**
 * Measures the slowdown: this thread and `threads - 1` worker threads spin for `sampleMs` of wall time, and the share
 * of that time they got on a CPU says how contended the cores are once the suite runs that many busy workers itself
 * (verify runs vitest with 2). Independent of how fast the CPU is: an idle machine with `threads` free cores measures 1.
 * `WORKBOOK_SLOWDOWN` overrides the measurement (a developer's slow laptop, or one measurement shared by many runs).
 */
export async function measureSlowdown(sampleMs = 200, threads = 2): Promise<number> {
  const override = Number(process.env.WORKBOOK_SLOWDOWN);
  if (Number.isFinite(override) && override >= 1) return override;
  const spinners = Array.from(
    { length: threads - 1 },
    () => new Worker(SPIN, { eval: true, workerData: sampleMs * 3 }),
  );
  try {
    await Promise.all(spinners.map((worker) => once(worker, 'online')));
    const startWall = performance.now();
    const startCpu = process.cpuUsage();
    let spin = 0;
    while (performance.now() - startWall < sampleMs) spin = (spin + Math.sqrt(spin + 1)) % 1e9;
    const cpu = process.cpuUsage(startCpu);
    const cpuMs = (cpu.user + cpu.system) / 1_000;
    const wallMs = performance.now() - startWall;
    // One decimal is enough; the floor keeps an idle machine at 1 whatever the measurement noise.
    return Math.max(1, Math.round(((wallMs * threads) / Math.max(cpuMs, 1)) * 10) / 10);
  } finally {
    await Promise.all(spinners.map((worker) => worker.terminate()));
  }
}
