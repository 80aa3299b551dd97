import { METRIC } from '../../chapters/08-production/metrics.js';
import { TodoError } from '../../workbook/todo-error.js';

/** Which job's latency to precompute, and which quantiles of it. */
export interface LatencyRecordingInput {
  /** The Prometheus `job` whose requests the rules cover. */
  readonly job: string;
  /** The quantiles to record, e.g. [0.5, 0.95, 0.99]. */
  readonly quantiles: readonly number[];
}

/** The recorded bucket rates per job and route, which every quantile rule reads. */
export const BUCKET_RATE_RECORD = `job_route:${METRIC.httpRequestDuration}_bucket:rate5m`;
/** The recorded quantiles per job and route, told apart by their `quantile` label. */
export const QUANTILE_RECORD = `job_route:${METRIC.httpRequestDuration}:quantile_5m`;

/**
 * Renders a Prometheus rules file of recording rules that precompute a job's request latency quantiles per route
 * from the chapter's HTTP histogram, so dashboards and alerts read one cheap series instead of re-aggregating
 * every bucket of every instance.
 *
 * - Validation first, each a RangeError naming the field: `job` starts with a lower-case letter and holds only
 *   lower-case letters, digits and `-`; `quantiles` is not empty, each strictly between 0 and 1, none repeated.
 * - `promtool check rules` accepts the text: one group named `latency-<job>`, with one rule per quantile plus one.
 * - `BUCKET_RATE_RECORD` records the per-second rate over the last 5 minutes of the job's histogram buckets, added
 *   up over instances, methods and status classes: each of its series has exactly the labels `job`, `route` and
 *   `le`. Requests on the chapter's unmatched route (`UNMATCHED_ROUTE` in metrics.ts) are left out.
 * - For each quantile q, `QUANTILE_RECORD` records that quantile of the latency per job and route, with exactly
 *   the labels `job`, `route` and `quantile` (q as written by `String(q)`).
 * - The files of several jobs load side by side, each group recording its own job's series under the same names.
 */
export function renderLatencyRecordingRules(_input: LatencyRecordingInput): string {
  // TODO(08.10): return the rules file described above.
  throw new TodoError('08.10');
}
