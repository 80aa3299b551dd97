import { ThresholdSyntaxError } from './load-gate-errors.js';

/** What a run measured. Latencies in milliseconds, `errors` as a fraction (0..1), `rps` successful responses a second. */
export interface GateMetrics {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly errors: number;
  readonly rps: number;
}

export type MetricName = keyof GateMetrics;
export type Comparator = '<' | '<=' | '>' | '>=';

/** One parsed threshold; `limit` is in the metric's unit (ms, fraction, req/s). */
export interface Threshold {
  readonly expression: string;
  readonly metric: MetricName;
  readonly comparator: Comparator;
  readonly limit: number;
}

const LATENCY: readonly MetricName[] = ['mean', 'p50', 'p90', 'p95', 'p99', 'max'];
const METRIC_NAMES: readonly MetricName[] = [...LATENCY, 'errors', 'rps'];
export const THRESHOLD_SYNTAX =
  'p95<200ms, p99<=1s, mean<50ms, max<2s, errors<1%, rps>500 (latency: < or <= with ms or s; errors: < or <= with %; rps: > or >=)';

// #region parse
const PATTERN = /^\s*([a-z0-9]+)\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*(ms|s|%|\/s)?\s*$/i;

/**
 * Parses `p95<200ms`, `errors<1%`, `rps>500`. Each metric has one unit and one direction: a latency or error rate
 * is an upper bound, throughput a lower bound, so `errors>1%` (a gate that passes only when things break) and
 * `p95<200` (milliseconds or seconds?) are refused, with the allowed forms in the message.
 *
 * @example
 * parseThreshold('p95<200ms'); // { metric: 'p95', comparator: '<', limit: 200, expression: 'p95<200ms' }
 */
export function parseThreshold(expression: string): Threshold {
  const fail = (why: string): never => {
    throw new ThresholdSyntaxError(`threshold "${expression}" ${why}; write it like ${THRESHOLD_SYNTAX}`);
  };
  const match = PATTERN.exec(expression);
  if (!match) return fail('is not <metric><comparator><number><unit>');
  const [, rawMetric = '', comparator = '', rawValue = '', rawUnit = ''] = match;
  const metric = rawMetric.toLowerCase() as MetricName;
  if (!METRIC_NAMES.includes(metric))
    return fail(`names an unknown metric "${rawMetric}" (known: ${METRIC_NAMES.join(', ')})`);
  const value = Number(rawValue);
  const unit = rawUnit.toLowerCase();
  const upper = comparator === '<' || comparator === '<=';
  if (LATENCY.includes(metric)) {
    if (!upper) fail(`bounds ${metric} from below; a latency gate is an upper bound (< or <=)`);
    if (unit !== 'ms' && unit !== 's') fail(`needs a unit for ${metric}: ms or s`);
    return { expression, metric, comparator: comparator as Comparator, limit: unit === 's' ? value * 1000 : value };
  }
  if (metric === 'errors') {
    if (!upper) fail('bounds errors from below; an error-rate gate is an upper bound (< or <=)');
    if (unit !== '%') fail('needs a % unit for errors, e.g. errors<1%');
    if (value > 100) fail('allows more than 100% errors');
    return { expression, metric, comparator: comparator as Comparator, limit: value / 100 };
  }
  if (upper) fail('bounds rps from above; a throughput gate is a lower bound (> or >=)');
  if (unit !== '' && unit !== '/s') fail('has a unit rps does not take (write rps>500 or rps>500/s)');
  return { expression, metric, comparator: comparator as Comparator, limit: value };
}
// #endregion parse

/** Parses every expression and reports every bad one at once, so a CI config is fixed in one round. */
export function parseThresholds(expressions: readonly string[]): Threshold[] {
  if (expressions.length === 0)
    throw new ThresholdSyntaxError(
      `no thresholds given: a gate without thresholds passes everything; add some like ${THRESHOLD_SYNTAX}`,
    );
  const parsed: Threshold[] = [];
  const problems: string[] = [];
  for (const expression of expressions) {
    try {
      parsed.push(parseThreshold(expression));
    } catch (error) {
      if (!(error instanceof ThresholdSyntaxError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length === 1) throw new ThresholdSyntaxError(problems[0]!);
  if (problems.length > 1)
    throw new ThresholdSyntaxError(`${problems.length} thresholds are invalid:\n- ${problems.join('\n- ')}`);
  return parsed;
}

/** A threshold checked against a run. */
export interface ThresholdOutcome {
  readonly expression: string;
  readonly metric: MetricName;
  /** The limit in the metric's unit (ms, fraction, req/s). */
  readonly limit: number;
  readonly actual: number;
  readonly passed: boolean;
  /** `p95 = 12.3 ms (limit < 200 ms)`, or why there was nothing to compare. */
  readonly detail: string;
}

function format(metric: MetricName, value: number): string {
  if (metric === 'errors') return `${(value * 100).toFixed(2)}%`;
  if (metric === 'rps') return `${value.toFixed(1)} req/s`;
  return `${value.toFixed(1)} ms`;
}

// #region evaluate
/**
 * Compares each threshold with the run. A metric that is not a finite number fails: with zero completed requests the
 * error rate is 0/0 = NaN, and `NaN > 0.01` is false, so a comparison written the guide's way would let a run in
 * which nothing worked pass.
 */
export function evaluateThresholds(thresholds: readonly Threshold[], metrics: GateMetrics): ThresholdOutcome[] {
  return thresholds.map(({ expression, metric, comparator, limit }) => {
    const actual = metrics[metric];
    if (!Number.isFinite(actual)) {
      return {
        expression,
        metric,
        limit,
        actual,
        passed: false,
        detail: `${metric} has no value (${String(actual)}): no request completed, so nothing was shown to be within ${expression}`,
      };
    }
    const passed =
      comparator === '<'
        ? actual < limit
        : comparator === '<='
          ? actual <= limit
          : comparator === '>'
            ? actual > limit
            : actual >= limit;
    return {
      expression,
      metric,
      limit,
      actual,
      passed,
      detail: `${metric} = ${format(metric, actual)} (limit ${comparator} ${format(metric, limit)})`,
    };
  });
}
// #endregion evaluate
