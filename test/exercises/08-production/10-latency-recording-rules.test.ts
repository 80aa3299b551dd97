import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUCKET_RATE_RECORD,
  QUANTILE_RECORD,
  renderLatencyRecordingRules,
} from '#exercise/08-production/10-latency-recording-rules';
import type { LatencyRecordingInput } from '#exercise/08-production/10-latency-recording-rules';
import { runPromtool } from '../../support/promtool.js';

const BUCKET = 'http_request_duration_seconds_bucket';

/** One histogram's buckets for one label set, as requests per minute at or under each bound (`+Inf` = all). */
interface Histogram {
  readonly labels: Readonly<Record<string, string>>;
  readonly perMinute: Readonly<Record<'0.25' | '0.5' | '+Inf', number>>;
}

interface Expected {
  readonly expr: string;
  readonly samples: readonly { readonly labels: string; readonly value: number }[];
}

let dir: string;
let runs = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latency-recording-rules-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function inputSeries(histograms: readonly Histogram[]): { series: string; values: string }[] {
  return histograms.flatMap(({ labels, perMinute }) =>
    Object.entries(perMinute).map(([le, rate]) => {
      const all = Object.entries({ ...labels, le }).map(([name, value]) => `${name}="${value}"`);
      return { series: `${BUCKET}{${all.join(', ')}}`, values: `0+${rate}x20` };
    }),
  );
}

/**
 * Writes each input's rendered rules and a promtool unit-test file, runs `promtool test rules`, and returns its exit
 * code and output. Every expectation is evaluated at 10 minutes, over 20 minutes of steady traffic.
 */
async function promtoolTest(
  inputs: readonly LatencyRecordingInput[],
  histograms: readonly Histogram[],
  expected: readonly Expected[],
): Promise<{ code: number; output: string }> {
  runs += 1;
  const ruleFiles = await Promise.all(
    inputs.map(async (input, index) => {
      const file = join(dir, `rules-${runs}-${index}.yml`);
      await writeFile(file, renderLatencyRecordingRules(input));
      return file;
    }),
  );
  const unitTest = {
    rule_files: ruleFiles,
    evaluation_interval: '1m',
    group_eval_order: inputs.map((input) => `latency-${input.job}`),
    tests: [
      {
        interval: '1m',
        input_series: inputSeries(histograms),
        promql_expr_test: expected.map(({ expr, samples }) => ({ expr, eval_time: '10m', exp_samples: samples })),
      },
    ],
  };
  const testFile = join(dir, `test-${runs}.yml`);
  // YAML is a superset of JSON: promtool reads this file as YAML.
  await writeFile(testFile, JSON.stringify(unitTest, null, 2));
  const result = await runPromtool(['test', 'rules', testFile]);
  return { code: result.code, output: `${result.stdout}\n${result.stderr}` };
}

const ORDERS: LatencyRecordingInput = { job: 'orders', quantiles: [0.5, 0.625] };
const orders = (labels: Record<string, string>): Record<string, string> => ({
  job: 'orders',
  method: 'GET',
  ...labels,
});
/**
 * Two instances serving /orders, and slow failures on one of them; /health is fast. Rates are chosen so that every
 * expected value is exact in binary floating point (promtool compares them exactly).
 */
const ORDERS_TRAFFIC: readonly Histogram[] = [
  {
    labels: orders({ route: '/orders', instance: 'a', status_class: '2xx' }),
    perMinute: { '0.25': 30, '0.5': 45, '+Inf': 45 },
  },
  {
    labels: orders({ route: '/orders', instance: 'b', status_class: '2xx' }),
    perMinute: { '0.25': 30, '0.5': 45, '+Inf': 45 },
  },
  {
    labels: orders({ route: '/orders', instance: 'a', status_class: '5xx' }),
    perMinute: { '0.25': 0, '0.5': 0, '+Inf': 30 },
  },
  {
    labels: orders({ route: '/health', instance: 'a', status_class: '2xx' }),
    perMinute: { '0.25': 60, '0.5': 60, '+Inf': 60 },
  },
];
const ordersBucket = (route: string, le: string): string =>
  `${BUCKET_RATE_RECORD}{job="orders", route="${route}", le="${le}"}`;

describe('08.10 latency recording rules checked by promtool', () => {
  it('renders a rules file that promtool check rules accepts, with one rule per quantile plus one', async () => {
    const file = join(dir, 'checked.yml');
    await writeFile(file, renderLatencyRecordingRules({ job: 'orders', quantiles: [0.5, 0.9, 0.99] }));
    const { code, stdout, stderr } = await runPromtool(['check', 'rules', file]);
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toContain('SUCCESS: 4 rules found');
  });

  it('records the bucket rates per job and route, added up over instances, methods and status classes', async () => {
    const result = await promtoolTest([ORDERS], ORDERS_TRAFFIC, [
      {
        expr: BUCKET_RATE_RECORD,
        samples: [
          { labels: ordersBucket('/orders', '0.25'), value: 1 },
          { labels: ordersBucket('/orders', '0.5'), value: 1.5 },
          { labels: ordersBucket('/orders', '+Inf'), value: 2 },
          { labels: ordersBucket('/health', '0.25'), value: 1 },
          { labels: ordersBucket('/health', '0.5'), value: 1 },
          { labels: ordersBucket('/health', '+Inf'), value: 1 },
        ],
      },
    ]);
    expect(result.code, result.output).toBe(0);
  });

  it('leaves out requests on the unmatched route and those of other jobs', async () => {
    const noise: Histogram[] = [
      {
        labels: orders({ route: 'unmatched', instance: 'a', status_class: '4xx' }),
        perMinute: { '0.25': 600, '0.5': 600, '+Inf': 600 },
      },
      {
        labels: { job: 'billing', method: 'POST', route: '/orders', instance: 'c', status_class: '2xx' },
        perMinute: { '0.25': 6, '0.5': 6, '+Inf': 6 },
      },
    ];
    const result = await promtoolTest(
      [ORDERS],
      [ORDERS_TRAFFIC[3]!, ...noise],
      [
        {
          expr: BUCKET_RATE_RECORD,
          samples: [
            { labels: ordersBucket('/health', '0.25'), value: 1 },
            { labels: ordersBucket('/health', '0.5'), value: 1 },
            { labels: ordersBucket('/health', '+Inf'), value: 1 },
          ],
        },
      ],
    );
    expect(result.code, result.output).toBe(0);
  });

  it('records each quantile per job and route, labelled with the quantile', async () => {
    const quantile = (route: string, q: string): string =>
      `${QUANTILE_RECORD}{job="orders", route="${route}", quantile="${q}"}`;
    const result = await promtoolTest([ORDERS], ORDERS_TRAFFIC, [
      {
        expr: QUANTILE_RECORD,
        samples: [
          { labels: quantile('/orders', '0.5'), value: 0.25 },
          { labels: quantile('/orders', '0.625'), value: 0.375 },
          { labels: quantile('/health', '0.5'), value: 0.125 },
          { labels: quantile('/health', '0.625'), value: 0.15625 },
        ],
      },
    ]);
    expect(result.code, result.output).toBe(0);
  });

  it("loads beside another job's rules, each group recording its own job under the same names", async () => {
    const billingTraffic: Histogram = {
      labels: { job: 'billing-v2', method: 'POST', route: '/pay', instance: 'c', status_class: '2xx' },
      perMinute: { '0.25': 0, '0.5': 60, '+Inf': 60 },
    };
    const result = await promtoolTest(
      [
        { job: 'orders', quantiles: [0.5] },
        { job: 'billing-v2', quantiles: [0.5] },
      ],
      [ORDERS_TRAFFIC[3]!, billingTraffic],
      [
        {
          expr: QUANTILE_RECORD,
          samples: [
            { labels: `${QUANTILE_RECORD}{job="orders", route="/health", quantile="0.5"}`, value: 0.125 },
            { labels: `${QUANTILE_RECORD}{job="billing-v2", route="/pay", quantile="0.5"}`, value: 0.375 },
          ],
        },
      ],
    );
    expect(result.code, result.output).toBe(0);
  });

  it('refuses a job that is not lower-case letters, digits and dashes starting with a letter', () => {
    for (const job of ['', 'Orders', '9orders', '-orders', 'orders"} or vector(1) #']) {
      expect(() => renderLatencyRecordingRules({ job, quantiles: [0.5] }), job).toThrow(RangeError);
    }
    expect(() => renderLatencyRecordingRules({ job: 'Orders', quantiles: [0.5] })).toThrow(/job/);
  });

  it('refuses no quantiles, a quantile not strictly between 0 and 1, and a repeated one', () => {
    for (const quantiles of [[], [0], [1], [0.5, 1.5], [-0.1], [Number.NaN], [0.5, 0.9, 0.5]]) {
      expect(() => renderLatencyRecordingRules({ job: 'orders', quantiles }), String(quantiles)).toThrow(RangeError);
      expect(() => renderLatencyRecordingRules({ job: 'orders', quantiles }), String(quantiles)).toThrow(/quantiles/);
    }
  });
});
