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

/** Parses `p95<+20%` (p95 may rise less than 20% over the baseline) or `rps>-10%` (rps may drop less than 10%). */
// TODO(05.2): accept `<metric><comparator><sign><number>%`: the comparator is <, <=, > or >=, the sign is required,
// the number may have decimals, spaces may stand around the comparator, before the % and at either end
// (`p99 <= +5.5%`), and the metric's case does not matter (it is returned in lower case). Return the expression as
// given and maxChange as the signed fraction. Throw ThresholdSyntaxError with a message ending "write it like
// p95<+20% or rps>-10%" that says what is wrong:
// - any other shape, e.g. no sign or no %: "is not <metric><comparator><sign><number>%";
// - a latency metric (mean, p50, p90, p95, p99, max) with > or >=: "latency may only be capped";
// - rps with < or <=: "throughput may only be floored";
// - errors, with any comparator: "use an absolute threshold like errors<1%" (a baseline of 0 errors makes any
//   change infinite);
// - any other metric name: "unknown metric".
export function parseRegressionRule(_expression: string): RegressionRule {
  throw new TodoError('05.2');
}

/** Compares the current run with a saved baseline run, one outcome per rule, in the rules' order. */
// TODO(05.2): a rule passes when its change (see RegressionOutcome) stands in the rule's comparator to its maxChange:
// `p95<+20%` passes a change of +17.5% and fails +20%; `p95<=+20%` passes +20%. When either value is not a finite
// number, or the baseline is 0 or less, the rule fails with change NaN and a detail saying there is nothing to
// compare. Otherwise detail reads `p95 40 -> 60 (+50.0%, allowed < +20.0%)`: signed percentages, one decimal.
export function compareWithBaseline(
  _rules: readonly RegressionRule[],
  _baseline: GateMetrics,
  _current: GateMetrics,
): RegressionOutcome[] {
  throw new TodoError('05.2');
}
