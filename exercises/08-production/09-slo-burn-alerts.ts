import { TodoError } from '../../workbook/todo-error.js';

/** The service-level objective the alerts protect. */
export interface SloAlertInput {
  /** The Prometheus `job` whose requests the objective covers. */
  readonly job: string;
  /** The fraction of requests that must not fail with a 5xx, e.g. 0.999. */
  readonly objective: number;
}

/**
 * Renders a Prometheus rules file (the text Prometheus loads with `rule_files`) with the two error-budget burn-rate
 * alerts of one SLO. Requests are the chapter's HTTP histogram's `_count` series, labelled `job` and `status_class`;
 * a request failed when its `status_class` is `5xx`. The error budget is `1 - objective`, and "burning at Nx" means
 * the share of the job's requests that failed is more than N times the budget.
 *
 * - Validation first: `job` must start with a lower-case letter and contain only lower-case letters, digits and `-`;
 *   `objective` must be strictly between 0 and 1. Anything else throws a RangeError naming the field.
 * - `promtool check rules` accepts the text: one group, named `slo-<job>`, holding exactly two alerting rules.
 * - `ErrorBudgetFastBurn` fires when the job burns at more than 14.4x over the last hour AND over the last 5
 *   minutes, once that has held for 2 minutes. `ErrorBudgetSlowBurn` fires when it burns at more than 6x over the
 *   last 6 hours AND over the last 30 minutes, once that has held for 15 minutes. Only the job's own requests
 *   count, summed over all its routes and instances.
 * - Each firing alert carries exactly the labels `job` (the job) and `severity` (`page` for the fast burn, `ticket`
 *   for the slow one), and exactly one annotation, `summary`: `Error budget of <job> burning at 14.4x or more`
 *   (fast) or `Error budget of <job> burning at 6x or more` (slow).
 */
export function renderSloAlertRules(_input: SloAlertInput): string {
  // TODO(08.9): return the rules file described above.
  throw new TodoError('08.9');
}
