import { METRIC, UNMATCHED_ROUTE } from '../../chapters/08-production/metrics.js';

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

const JOB = /^[a-z][a-z0-9-]*$/;

/** Renders recording rules that precompute a job's latency quantiles per route (JSON is valid YAML). */
export function renderLatencyRecordingRules({ job, quantiles }: LatencyRecordingInput): string {
  if (!JOB.test(job)) throw new RangeError(`job must be lower-case letters, digits and "-", got "${job}"`);
  if (quantiles.length === 0) throw new RangeError('quantiles must list at least one quantile');
  for (const quantile of quantiles) {
    if (!(quantile > 0 && quantile < 1)) throw new RangeError(`quantiles must be between 0 and 1, got ${quantile}`);
  }
  if (new Set(quantiles).size !== quantiles.length)
    throw new RangeError(`quantiles must not repeat, got [${String(quantiles)}]`);
  const buckets = `${METRIC.httpRequestDuration}_bucket{job="${job}", route!="${UNMATCHED_ROUTE}"}`;
  const rules = [
    { record: BUCKET_RATE_RECORD, expr: `sum by (job, route, le) (rate(${buckets}[5m]))` },
    ...quantiles.map((quantile) => ({
      record: QUANTILE_RECORD,
      expr: `histogram_quantile(${quantile}, ${BUCKET_RATE_RECORD}{job="${job}"})`,
      labels: { quantile: String(quantile) },
    })),
  ];
  return JSON.stringify({ groups: [{ name: `latency-${job}`, rules }] }, null, 2);
}
