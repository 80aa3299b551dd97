import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSloAlertRules } from '#exercise/08-production/09-slo-burn-alerts';
import type { SloAlertInput } from '#exercise/08-production/09-slo-burn-alerts';
import { runPromtool } from '../../support/promtool.js';

const REQUESTS = 'http_request_duration_seconds_count';
const FAST = 'ErrorBudgetFastBurn';
const SLOW = 'ErrorBudgetSlowBurn';

/** Minutes of traffic at a steady rate: so many 2xx and so many 5xx answers per minute. */
interface Phase {
  readonly minutes: number;
  readonly ok: number;
  readonly errors: number;
}

/** One check promtool makes: at `at`, is `alert` firing (with its labels and summary) or not firing at all. */
interface Expectation {
  readonly at: string;
  readonly alert: typeof FAST | typeof SLOW;
  readonly firing: boolean;
}

let dir: string;
let runs = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slo-burn-alerts-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A counter's samples, one a minute, from per-minute increments: "0 100 200 ...". */
function counter(phases: readonly Phase[], pick: (phase: Phase) => number): string {
  const values = [0];
  for (const phase of phases) {
    for (let minute = 0; minute < phase.minutes; minute += 1) values.push(values.at(-1)! + pick(phase));
  }
  return values.join(' ');
}

function series(job: string, statusClass: string, values: string): { series: string; values: string } {
  return { series: `${REQUESTS}{job="${job}", route="/orders", status_class="${statusClass}"}`, values };
}

const SEVERITY = { [FAST]: 'page', [SLOW]: 'ticket' } as const;
const FACTOR = { [FAST]: '14.4', [SLOW]: '6' } as const;

/**
 * Writes the rendered rules and a promtool unit-test file into a fresh directory, runs `promtool test rules`, and
 * returns its exit code and output (the output says which expectation failed, with what fired instead).
 */
async function promtoolTest(
  slo: SloAlertInput,
  traffic: Readonly<Record<string, readonly Phase[]>>,
  expectations: readonly Expectation[],
): Promise<{ code: number; output: string }> {
  runs += 1;
  const rulesFile = join(dir, `rules-${runs}.yml`);
  const testFile = join(dir, `test-${runs}.yml`);
  await writeFile(rulesFile, renderSloAlertRules(slo));
  const unitTest = {
    rule_files: [rulesFile],
    evaluation_interval: '1m',
    group_eval_order: [`slo-${slo.job}`],
    tests: [
      {
        interval: '1m',
        input_series: Object.entries(traffic).flatMap(([job, phases]) => [
          series(
            job,
            '2xx',
            counter(phases, (phase) => phase.ok),
          ),
          series(
            job,
            '5xx',
            counter(phases, (phase) => phase.errors),
          ),
        ]),
        alert_rule_test: expectations.map(({ at, alert, firing }) => ({
          eval_time: at,
          alertname: alert,
          exp_alerts: firing
            ? [
                {
                  exp_labels: { job: slo.job, severity: SEVERITY[alert] },
                  exp_annotations: { summary: `Error budget of ${slo.job} burning at ${FACTOR[alert]}x or more` },
                },
              ]
            : [],
        })),
      },
    ],
  };
  // YAML is a superset of JSON: promtool reads this file as YAML.
  await writeFile(testFile, JSON.stringify(unitTest, null, 2));
  const result = await runPromtool(['test', 'rules', testFile]);
  return { code: result.code, output: `${result.stdout}\n${result.stderr}` };
}

const healthy = (minutes: number): Phase => ({ minutes, ok: 2_000, errors: 1 }); // 0.05% errors
const outage = (minutes: number): Phase => ({ minutes, ok: 900, errors: 100 }); // 10% errors
const ORDERS: SloAlertInput = { job: 'orders', objective: 0.999 };

describe('08.9 SLO burn-rate alerts checked by promtool', () => {
  it('renders a rules file that promtool check rules accepts, with two rules', async () => {
    const rulesFile = join(dir, 'checked.yml');
    await writeFile(rulesFile, renderSloAlertRules(ORDERS));
    const { code, stdout, stderr } = await runPromtool(['check', 'rules', rulesFile]);
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toContain('SUCCESS: 2 rules found');
  });

  it('pages within minutes of an outage, but only once the burn has held for 2 minutes', async () => {
    const result = await promtoolTest(ORDERS, { orders: [outage(30)] }, [
      { at: '2m', alert: FAST, firing: false },
      { at: '4m', alert: FAST, firing: true },
      { at: '29m', alert: FAST, firing: true },
    ]);
    expect(result.code, result.output).toBe(0);
  });

  it('opens a ticket for a sustained outage once the slow burn has held for 15 minutes', async () => {
    const result = await promtoolTest(ORDERS, { orders: [outage(30)] }, [
      { at: '14m', alert: SLOW, firing: false },
      { at: '17m', alert: SLOW, firing: true },
    ]);
    expect(result.code, result.output).toBe(0);
  });

  it('opens a ticket without paging when 1% of requests fail for hours', async () => {
    const result = await promtoolTest(ORDERS, { orders: [{ minutes: 240, ok: 990, errors: 10 }] }, [
      { at: '3h', alert: SLOW, firing: true },
      { at: '3h', alert: FAST, firing: false },
    ]);
    expect(result.code, result.output).toBe(0);
  });

  it('stays quiet for a healthy service', async () => {
    const result = await promtoolTest(ORDERS, { orders: [healthy(420)] }, [
      { at: '1h', alert: FAST, firing: false },
      { at: '7h', alert: FAST, firing: false },
      { at: '7h', alert: SLOW, firing: false },
    ]);
    expect(result.code, result.output).toBe(0);
  });

  it('stops paging and the ticket once errors stop, while the long windows still remember the outage', async () => {
    const result = await promtoolTest(ORDERS, { orders: [outage(20), healthy(60)] }, [
      { at: '19m', alert: FAST, firing: true },
      { at: '19m', alert: SLOW, firing: true },
      { at: '30m', alert: FAST, firing: false },
      { at: '55m', alert: SLOW, firing: false },
    ]);
    expect(result.code, result.output).toBe(0);
  });

  it('takes its thresholds from the objective: 10% errors page at 99.9% but only open a ticket at 99%', async () => {
    const result = await promtoolTest({ job: 'orders', objective: 0.99 }, { orders: [outage(120)] }, [
      { at: '100m', alert: FAST, firing: false },
      { at: '100m', alert: SLOW, firing: true },
    ]);
    expect(result.code, result.output).toBe(0);
  });

  it("counts only its own job's requests", async () => {
    const result = await promtoolTest(
      { job: 'checkout-v2', objective: 0.999 },
      { 'checkout-v2': [healthy(120)], billing: [{ minutes: 120, ok: 0, errors: 500 }] },
      [
        { at: '110m', alert: FAST, firing: false },
        { at: '110m', alert: SLOW, firing: false },
      ],
    );
    expect(result.code, result.output).toBe(0);
  });

  it('refuses a job that is not lower-case letters, digits and dashes starting with a letter', () => {
    for (const job of ['', 'Orders', '9orders', '-orders', 'orders"} or vector(1) #', 'orders service']) {
      expect(() => renderSloAlertRules({ job, objective: 0.999 }), job).toThrow(RangeError);
    }
    expect(() => renderSloAlertRules({ job: 'Orders', objective: 0.999 })).toThrow(/job/);
  });

  it('refuses an objective that is not strictly between 0 and 1', () => {
    for (const objective of [0, 1, -0.5, 1.5, Number.NaN]) {
      expect(() => renderSloAlertRules({ job: 'orders', objective }), String(objective)).toThrow(RangeError);
    }
    expect(() => renderSloAlertRules({ job: 'orders', objective: 1 })).toThrow(/objective/);
  });
});
