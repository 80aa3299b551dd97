import { ThresholdSyntaxError } from '../../chapters/05-testing/load-gate/load-gate-errors.js';
import type { GateMetrics, MetricName } from '../../chapters/05-testing/load-gate/thresholds.js';

/** A regression rule: how far a metric may move from the baseline run. `maxChange` is a signed fraction. */
export interface RegressionRule {
  readonly expression: string;
  readonly metric: MetricName;
  readonly comparator: '<' | '<=' | '>' | '>=';
  /** `p95<+20%` gives 0.2; `rps>-10%` gives -0.1. */
  readonly maxChange: number;
}

export interface RegressionOutcome {
  readonly expression: string;
  readonly metric: MetricName;
  readonly baseline: number;
  readonly current: number;
  /** (current - baseline) / baseline; NaN when there is nothing to compare. */
  readonly change: number;
  readonly passed: boolean;
  readonly detail: string;
}

const LATENCY = new Set<MetricName>(['mean', 'p50', 'p90', 'p95', 'p99', 'max']);
const PATTERN = /^\s*(?<metric>[a-z0-9]+)\s*(?<comparator><=|>=|<|>)\s*(?<sign>[+-])(?<digits>\d+(?:\.\d+)?)\s*%\s*$/i;

/** Parses `p95<+20%` (may rise at most 20%) or `rps>-10%` (may drop at most 10%). */
export function parseRegressionRule(expression: string): RegressionRule {
  const fail = (why: string): never => {
    throw new ThresholdSyntaxError(`regression rule "${expression}" ${why}; write it like p95<+20% or rps>-10%`);
  };
  const match = PATTERN.exec(expression);
  if (!match) return fail('is not <metric><comparator><sign><number>%');
  const {
    metric: rawMetric,
    comparator,
    sign,
    digits,
  } = match.groups as { metric: string; comparator: RegressionRule['comparator']; sign: string; digits: string };
  const metric = rawMetric.toLowerCase() as MetricName;
  const maxChange = (sign === '-' ? -1 : 1) * (Number(digits) / 100);
  const upper = comparator === '<' || comparator === '<=';
  if (metric === 'errors')
    return fail(
      'compares an error rate relatively; a baseline of 0 errors makes any change infinite, so use an absolute threshold like errors<1%',
    );
  if (LATENCY.has(metric)) {
    if (!upper) fail(`bounds ${metric} from below; latency may only be capped (< or <=)`);
  } else if (metric === 'rps') {
    if (upper) fail('bounds rps from above; throughput may only be floored (> or >=)');
  } else {
    fail(`names an unknown metric "${rawMetric}"`);
  }
  return { expression, metric, comparator, maxChange };
}

const pct = (fraction: number): string => `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)}%`;

/** Compares the current run with a saved baseline run; a metric missing or not finite on either side fails. */
export function compareWithBaseline(
  rules: readonly RegressionRule[],
  baseline: GateMetrics,
  current: GateMetrics,
): RegressionOutcome[] {
  return rules.map(({ expression, metric, comparator, maxChange }) => {
    const before = baseline[metric];
    const now = current[metric];
    if (!Number.isFinite(before) || !Number.isFinite(now) || before <= 0) {
      return {
        expression,
        metric,
        baseline: before,
        current: now,
        change: Number.NaN,
        passed: false,
        detail: `${metric}: nothing to compare (baseline ${before}, current ${now})`,
      };
    }
    const change = (now - before) / before;
    const passed =
      comparator === '<'
        ? change < maxChange
        : comparator === '<='
          ? change <= maxChange
          : comparator === '>'
            ? change > maxChange
            : change >= maxChange;
    return {
      expression,
      metric,
      baseline: before,
      current: now,
      change,
      passed,
      detail: `${metric} ${before} -> ${now} (${pct(change)}, allowed ${comparator} ${pct(maxChange)})`,
    };
  });
}
