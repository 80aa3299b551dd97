import { TodoError } from '../../workbook/todo-error.js';
import type { GateMetrics, MetricName } from '../../chapters/05-testing/load-gate/thresholds.js';
// You will need it: import { ThresholdSyntaxError } from '../../chapters/05-testing/load-gate/load-gate-errors.js';

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

// TODO(05.2): parse `<metric><comparator><sign><number>%`, e.g. `p95<+20%` or `rps>-10%`, like parseThreshold in
// chapters/05-testing/load-gate/thresholds.ts. Throw ThresholdSyntaxError (message ending "write it like p95<+20% or
// rps>-10%") for: no sign or no % ("is not <metric><comparator><sign><number>%"); a latency metric (mean, p50, p90,
// p95, p99, max) with > or >= ("latency may only be capped"); rps with < or <= ("throughput may only be floored");
// errors ("use an absolute threshold like errors<1%": a baseline of 0 errors makes any change infinite); any other
// name ("unknown metric").
export function parseRegressionRule(_expression: string): RegressionRule {
  throw new TodoError('05.2');
}

// TODO(05.2): for each rule, change = (current - baseline) / baseline, compared with maxChange by the comparator.
// When either value is not finite, or the baseline is <= 0, the rule fails with change NaN. detail reads
// `p95 40 -> 60 (+50.0%, allowed < +20.0%)`.
export function compareWithBaseline(_rules: readonly RegressionRule[], _baseline: GateMetrics, _current: GateMetrics): RegressionOutcome[] {
  throw new TodoError('05.2');
}
