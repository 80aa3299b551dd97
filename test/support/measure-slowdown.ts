/** The run's one calibration, for global-setup.ts (no vitest import: it runs in the main process). */

/**
 * Measures the slowdown: a busy loop runs for `sampleMs` of wall time, and the share of it the process spent on the
 * CPU says how contended the cores are. Independent of how fast the CPU is: a slow laptop that is idle measures 1.
 */
export function measureSlowdown(sampleMs = 200): number {
  const override = Number(process.env.WORKBOOK_SLOWDOWN);
  if (Number.isFinite(override) && override >= 1) return override;
  const startWall = performance.now();
  const startCpu = process.cpuUsage();
  let spin = 0;
  while (performance.now() - startWall < sampleMs) spin = (spin + Math.sqrt(spin + 1)) % 1e9;
  const cpu = process.cpuUsage(startCpu);
  const cpuMs = (cpu.user + cpu.system) / 1_000;
  const wallMs = performance.now() - startWall;
  // One decimal is enough; the floor keeps an idle machine at 1 whatever the measurement noise.
  return Math.max(1, Math.round((wallMs / Math.max(cpuMs, 1)) * 10) / 10);
}
