import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { LoadGateOptionsError } from './load-gate-errors.js';
import { summarizeLatencies } from './percentile.js';
import type { Scenario, ScenarioContext } from './scenario.js';
import { checkTarget, probeTarget } from './target.js';
import { evaluateThresholds, parseThresholds, type GateMetrics, type ThresholdOutcome } from './thresholds.js';

export interface LoadGateOptions {
  /** Base URL of the server under test, e.g. `http://127.0.0.1:3000`. */
  readonly target: string;
  readonly scenario: Scenario;
  /** Threshold expressions: `p95<200ms`, `p99<500ms`, `errors<1%`, `rps>500`. */
  readonly thresholds: readonly string[];
  /** Seconds of load (default 10). */
  readonly durationSeconds?: number;
  /** Concurrent connections, each a virtual user running the scenario (default 10). */
  readonly connections?: number;
  /** Needed for any target that is not this machine. */
  readonly allowRemoteTarget?: boolean;
  /** Path of the one request sent before the load to check the target answers (default `/`; any status will do). */
  readonly probePath?: string;
  readonly probeTimeoutMs?: number;
  /** Seconds before one request counts as a timeout (default 10). */
  readonly requestTimeoutSeconds?: number;
  readonly title?: string;
}

/** Requests and failures of one scenario step. */
export interface StepResult {
  readonly name: string;
  readonly responses: number;
  readonly failures: number;
  readonly statuses: Readonly<Record<string, number>>;
}

/** Everything the run measured, and the verdict. Plain data: it is written as the JSON report as is. */
export interface GateResult {
  readonly title: string;
  readonly target: string;
  readonly scenario: string;
  readonly startedAt: string;
  readonly elapsedSeconds: number;
  readonly connections: number;
  readonly responses: number;
  /** Responses with a status the step did not expect, plus connection errors and timeouts. */
  readonly failures: number;
  readonly transportErrors: number;
  readonly timeouts: number;
  readonly steps: readonly StepResult[];
  readonly metrics: GateMetrics;
  readonly thresholds: readonly ThresholdOutcome[];
  readonly passed: boolean;
  /** Latency histogram: counts per bucket, bucket bounds in ms (`toMs` null for the open last bucket). */
  readonly histogram: ReadonlyArray<{ readonly fromMs: number; readonly toMs: number | null; readonly count: number }>;
  /** Successful responses per second, per time slice. */
  readonly throughput: ReadonlyArray<{ readonly atSeconds: number; readonly rps: number }>;
}

/** Histogram bucket bounds (ms): round numbers a reader can compare with a threshold at a glance. */
export const HISTOGRAM_BOUNDS_MS = [
  0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 2000, 5000,
] as const;

function histogramOf(latencies: readonly number[]): GateResult['histogram'] {
  const counts = new Array<number>(HISTOGRAM_BOUNDS_MS.length + 1).fill(0);
  for (const ms of latencies) {
    let bucket = HISTOGRAM_BOUNDS_MS.findIndex((bound) => ms < bound);
    if (bucket === -1) bucket = HISTOGRAM_BOUNDS_MS.length;
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  return counts.map((count, i) => ({
    fromMs: i === 0 ? 0 : HISTOGRAM_BOUNDS_MS[i - 1]!,
    toMs: HISTOGRAM_BOUNDS_MS[i] ?? null,
    count,
  }));
}

function throughputOf(okAtSeconds: readonly number[], elapsedSeconds: number): GateResult['throughput'] {
  const slice = Math.max(0.1, elapsedSeconds / 50);
  const slices = Math.max(1, Math.ceil(elapsedSeconds / slice));
  const counts = new Array<number>(slices).fill(0);
  for (const at of okAtSeconds) {
    const i = Math.min(slices - 1, Math.floor(at / slice));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts.map((count, i) => {
    // The last slice is usually cut short by the end of the run: divide by the time it covered, not a full slice.
    const width = i === slices - 1 ? Math.max(slice / 10, elapsedSeconds - i * slice) : slice;
    return { atSeconds: Number((i * slice + width).toFixed(2)), rps: count / width };
  });
}

function toBody(value: unknown): string {
  return JSON.stringify(value);
}

// #region run-gate
/**
 * Runs a scenario against a server with autocannon and judges it against thresholds. Everything that can be wrong
 * before the run is checked first, in this order, so no load is ever sent by a run that could not be judged:
 * thresholds, options, a loopback target, a target that answers.
 *
 * @example
 * const result = await runLoadGate({ target: server.url, scenario, thresholds: ['p95<200ms', 'errors<1%'] });
 * if (!result.passed) process.exitCode = 1;
 */
export async function runLoadGate(options: LoadGateOptions): Promise<GateResult> {
  const thresholds = parseThresholds(options.thresholds);
  const durationSeconds = options.durationSeconds ?? 10;
  const connections = options.connections ?? 10;
  if (!(durationSeconds > 0 && durationSeconds <= 3600))
    throw new LoadGateOptionsError(`durationSeconds must be in (0, 3600], not ${durationSeconds}`);
  if (!(Number.isInteger(connections) && connections >= 1 && connections <= 1000))
    throw new LoadGateOptionsError(`connections must be a whole number from 1 to 1000, not ${connections}`);
  if (options.scenario.steps.length === 0)
    throw new LoadGateOptionsError(`scenario "${options.scenario.name}" has no steps`);
  const base = checkTarget(options.target, options.allowRemoteTarget);
  await probeTarget(base, options.probePath ?? '/', options.probeTimeoutMs);

  const steps = options.scenario.steps.map((step) => ({
    step,
    responses: 0,
    failures: 0,
    statuses: new Map<number, number>(),
  }));
  const latencies: number[] = [];
  const okAt: number[] = [];
  let failures = 0;
  let started = performance.now();
  const requests: autocannon.Request[] = steps.map((tally, index) => ({
    method: tally.step.method ?? 'GET',
    setupRequest(request, raw) {
      const context = raw as ScenarioContext;
      if (index === 0) options.scenario.beginPass?.(context);
      const { step } = tally;
      const body = step.body?.(context);
      const url = new URL(typeof step.path === 'string' ? step.path : step.path(context), base);
      return {
        ...request,
        path: url.pathname + url.search,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...step.headers?.(context) },
        ...(body === undefined ? {} : { body: toBody(body) }),
      };
    },
    onResponse(status, body, raw) {
      const { step } = tally;
      tally.responses += 1;
      tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
      let ok = step.expect ? step.expect.includes(status) : status >= 200 && status < 300;
      if (ok && step.capture) {
        try {
          step.capture(JSON.parse(body) as unknown, raw as ScenarioContext);
        } catch {
          ok = false; // a body the next step cannot use is a failure of this step, counted, not thrown into autocannon
        }
      }
      if (ok) okAt.push((performance.now() - started) / 1000);
      else {
        tally.failures += 1;
        failures += 1;
      }
    },
  }));

  const startedAt = new Date().toISOString();
  started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base.origin,
        connections,
        duration: durationSeconds,
        timeout: options.requestTimeoutSeconds ?? 10,
        requests,
      },
      (error: Error | null, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  const elapsedSeconds = (performance.now() - started) / 1000;

  const responses = latencies.length;
  const attempts = responses + result.errors;
  const allFailures = failures + result.errors;
  const summary = summarizeLatencies(latencies);
  const metrics: GateMetrics = {
    mean: summary.mean,
    p50: summary.p50,
    p90: summary.p90,
    p95: summary.p95,
    p99: summary.p99,
    max: summary.max,
    // 0/0 is NaN on purpose: evaluateThresholds fails a metric with no value instead of comparing it.
    errors: allFailures / attempts,
    rps: attempts === 0 ? Number.NaN : (responses - failures) / elapsedSeconds,
  };
  const outcomes = evaluateThresholds(thresholds, metrics);
  return {
    title: options.title ?? options.scenario.name,
    target: base.origin,
    scenario: options.scenario.name,
    startedAt,
    elapsedSeconds,
    connections,
    responses,
    failures: allFailures,
    transportErrors: result.errors,
    timeouts: result.timeouts,
    steps: steps.map(({ step, responses: n, failures: f, statuses }) => ({
      name: step.name,
      responses: n,
      failures: f,
      statuses: Object.fromEntries([...statuses].map(([s, c]) => [String(s), c])),
    })),
    metrics,
    thresholds: outcomes,
    passed: outcomes.every((outcome) => outcome.passed),
    histogram: histogramOf(latencies),
    throughput: throughputOf(okAt, elapsedSeconds),
  };
}
// #endregion run-gate
