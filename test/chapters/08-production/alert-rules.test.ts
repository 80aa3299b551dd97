import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  metricNamesIn,
  metricNamesUsed,
  PROMETHEUS_SYNTHETIC_SERIES,
  renderAlertRules,
  ALERT_RULE_GROUPS,
} from '../../../chapters/08-production/alert-rules.js';
import { createMetrics } from '../../../chapters/08-production/metrics.js';
import { ALERTS_FILE } from '../../../chapters/08-production/write-alert-rules.js';

const run = promisify(execFile);

async function promtoolPath(): Promise<string | undefined> {
  try {
    await run('promtool', ['--version']);
    return 'promtool';
  } catch {
    return undefined;
  }
}
const promtool = await promtoolPath();

describe('alert rules', () => {
  it('the committed deploy/prometheus/alerts.yml is exactly what alert-rules.ts renders', () => {
    // If this fails: npx tsx chapters/08-production/write-alert-rules.ts
    expect(readFileSync(ALERTS_FILE, 'utf8')).toBe(renderAlertRules());
  });

  // #region names-test
  it('uses only metric names the app exports (or that Prometheus makes itself)', async () => {
    const metrics = createMetrics();
    try {
      const exported = await metrics.sampleNames();
      const unknown = [...metricNamesUsed()].filter(
        (name) => !exported.has(name) && !PROMETHEUS_SYNTHETIC_SERIES.includes(name),
      );
      expect(unknown).toEqual([]);
    } finally {
      metrics.close();
    }
  });
  // #endregion names-test

  it('gives every rule a for: duration, so one bad scrape never pages anyone', () => {
    for (const rule of ALERT_RULE_GROUPS.flatMap((group) => group.rules)) expect(rule.for).toMatch(/^[1-9]\d*[smh]$/);
  });

  it('finds metric names in PromQL, skipping functions, labels, ranges, grouping and numbers', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (job, le) (rate(http_requests_bucket{route!="x y", job=~"a|b"}[5m] offset 1h))) > 1e9 and on(job) up == bool 0',
      ),
    ).toEqual(new Set(['http_requests_bucket', 'up']));
  });

  it.skipIf(promtool === undefined)(
    `passes promtool check rules${promtool === undefined ? ' (skipped: promtool not installed; apt-get install prometheus)' : ''}`,
    async () => {
      const { stdout } = await run('promtool', ['check', 'rules', ALERTS_FILE]);
      const ruleCount = ALERT_RULE_GROUPS.reduce((total, group) => total + group.rules.length, 0);
      expect(stdout).toContain(`SUCCESS: ${ruleCount} rules found`);
    },
  );
});
