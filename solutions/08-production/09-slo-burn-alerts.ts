import { METRIC } from '../../chapters/08-production/metrics.js';

/** The service-level objective the alerts protect. */
export interface SloAlertInput {
  /** The Prometheus `job` whose requests the objective covers. */
  readonly job: string;
  /** The fraction of requests that must not fail with a 5xx, e.g. 0.999. */
  readonly objective: number;
}

const JOB = /^[a-z][a-z0-9-]*$/;

/** Two burn rates: fast enough to page a person now, and slow but steady enough for a ticket. */
const BURN_RATES = [
  { alert: 'ErrorBudgetFastBurn', severity: 'page', factor: 14.4, longWindow: '1h', shortWindow: '5m', for: '2m' },
  { alert: 'ErrorBudgetSlowBurn', severity: 'ticket', factor: 6, longWindow: '6h', shortWindow: '30m', for: '15m' },
] as const;

/** The share of the job's requests that answered 5xx over the window, with the `job` label kept. */
function errorRatio(job: string, window: string): string {
  const requests = `${METRIC.httpRequestDuration}_count{job="${job}"`;
  return `sum by (job) (rate(${requests}, status_class="5xx"}[${window}])) / sum by (job) (rate(${requests}}[${window}]))`;
}

/** Renders the multi-window burn-rate alerts of one SLO as a Prometheus rules file (JSON is valid YAML). */
export function renderSloAlertRules({ job, objective }: SloAlertInput): string {
  if (!JOB.test(job)) throw new RangeError(`job must be lower-case letters, digits and "-", got "${job}"`);
  if (!(objective > 0 && objective < 1)) throw new RangeError(`objective must be between 0 and 1, got ${objective}`);
  const budget = 1 - objective;
  const rules = BURN_RATES.map((rate) => {
    const threshold = rate.factor * budget;
    return {
      alert: rate.alert,
      expr: `${errorRatio(job, rate.longWindow)} > ${threshold} and ${errorRatio(job, rate.shortWindow)} > ${threshold}`,
      for: rate.for,
      labels: { severity: rate.severity },
      annotations: { summary: `Error budget of ${job} burning at ${rate.factor}x or more` },
    };
  });
  return JSON.stringify({ groups: [{ name: `slo-${job}`, rules }] }, null, 2);
}
