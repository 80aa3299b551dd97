/**
 * The chapter's worker pool against piscina with its default options, same threads, same task files, same run:
 * throughput on a CPU-bound task set (goal: ratio >= 1.0), no-op throughput, and one-at-a-time no-op round trip.
 * Both pools run the same plain .mjs task files from a temporary folder and are warmed up before measuring.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { createWorkerPool } from '../chapters/04-performance/worker-pool.js';

const THREADS = 2;
const CPU_TASKS = 2_000;
const FIB_N = 25;
const NOOP_TASKS = 20_000;
const SEQUENTIAL = 2_000;
const ROUNDS = 3;

interface Runner {
  run(file: string, data: unknown): Promise<unknown>;
  close(): Promise<void>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function tasksPerSecond(runner: Runner, file: string, count: number, data: unknown): Promise<number> {
  const start = performance.now();
  await Promise.all(Array.from({ length: count }, () => runner.run(file, data)));
  return count / ((performance.now() - start) / 1000);
}

async function microsPerRoundTrip(runner: Runner, file: string): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < SEQUENTIAL; i += 1) await runner.run(file, i);
  return ((performance.now() - start) * 1000) / SEQUENTIAL;
}

export default async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pool-bench-'));
  const fib = pathToFileURL(path.join(dir, 'fib.mjs')).href;
  const noop = pathToFileURL(path.join(dir, 'noop.mjs')).href;
  writeFileSync(
    path.join(dir, 'fib.mjs'),
    'export default function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n',
  );
  writeFileSync(path.join(dir, 'noop.mjs'), 'export default function noop(data) { return data; }\n');

  const ours = createWorkerPool({ size: THREADS, maxQueue: NOOP_TASKS });
  const piscina = new Piscina({ minThreads: THREADS, maxThreads: THREADS });
  const runners: Record<'pool' | 'piscina', Runner> = {
    pool: { run: (file, data) => ours.run({ module: file, data }), close: () => ours.destroy() },
    piscina: {
      run: (file, data) => piscina.run(data, { filename: file }) as Promise<unknown>,
      close: () => piscina.destroy(),
    },
  };
  const figures = {
    pool: { cpu: [] as number[], noop: [] as number[], trip: [] as number[] },
    piscina: { cpu: [] as number[], noop: [] as number[], trip: [] as number[] },
  };
  try {
    for (const runner of Object.values(runners)) await tasksPerSecond(runner, fib, 200, 20); // warm up threads and imports
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const name of ['piscina', 'pool'] as const) {
        figures[name].cpu.push(await tasksPerSecond(runners[name], fib, CPU_TASKS, FIB_N));
        figures[name].noop.push(await tasksPerSecond(runners[name], noop, NOOP_TASKS, 1));
        figures[name].trip.push(await microsPerRoundTrip(runners[name], noop));
      }
    }
  } finally {
    await Promise.all(Object.values(runners).map((runner) => runner.close()));
    rmSync(dir, { recursive: true, force: true });
  }
  const line = (label: string, key: 'cpu' | 'noop', unit: string): void => {
    const base = median(figures.piscina[key]);
    const mine = median(figures.pool[key]);
    console.log(
      `${label.padEnd(34)} piscina ${base.toFixed(0)} ${unit}   pool ${mine.toFixed(0)} ${unit}   ratio ${(mine / base).toFixed(2)}`,
    );
  };
  line(`${CPU_TASKS} x fib(${FIB_N}), ${THREADS} threads`, 'cpu', 'tasks/s');
  line(`${NOOP_TASKS} no-op tasks at once`, 'noop', 'tasks/s');
  const tripBase = median(figures.piscina.trip);
  const tripMine = median(figures.pool.trip);
  console.log(
    `${`no-op round trip, one at a time`.padEnd(34)} piscina ${tripBase.toFixed(0)} µs   pool ${tripMine.toFixed(0)} µs   ratio ${(tripBase / tripMine).toFixed(2)} (higher = pool faster)`,
  );
  console.log(`(${ROUNDS} alternating rounds, medians; ratio = pool / piscina defaults; goal for fib >= 1.0)`);
}
