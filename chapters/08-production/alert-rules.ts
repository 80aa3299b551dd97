/**
 * The Prometheus alerting rules, written as data and rendered to `deploy/prometheus/alerts.yml`.
 *
 * Why TypeScript is the source of truth rather than the YAML: the expressions are built from the METRIC names the
 * metrics module exports, so a renamed metric is caught by a test here instead of by a silent alert in production;
 * no YAML parser is needed (the project has none); and a test fails when the committed file differs from what this
 * module renders, so the file cannot drift. `promtool check rules` then validates the file Prometheus will load.
 *
 * Regenerate with `npx tsx chapters/08-production/write-alert-rules.ts`.
 */
import { METRIC, UNMATCHED_ROUTE } from './metrics.js';

export interface PrometheusAlertRule {
  readonly alert: string;
  readonly expr: string;
  /** Prometheus duration (`5m`): how long the expression must hold before the alert fires. Never omit it. */
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface PrometheusRuleGroup {
  readonly name: string;
  readonly rules: readonly PrometheusAlertRule[];
}

/** Series Prometheus makes itself for every scrape target; the app does not (and must not) export them. */
export const PROMETHEUS_SYNTHETIC_SERIES: readonly string[] = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
];

/** The resident-memory budget the memory alert compares with; match it to the container's limit. */
export const MEMORY_BUDGET_BYTES = 512 * 1024 * 1024;

const d = METRIC.httpRequestDuration;

// #region rules
export const ALERT_RULE_GROUPS: readonly PrometheusRuleGroup[] = [
  {
    name: 'node-service',
    rules: [
      {
        alert: 'NodeServiceDown',
        expr: 'up{job="node-service"} == 0',
        for: '2m',
        labels: { severity: 'page' },
        annotations: {
          summary: 'Instance {{ $labels.instance }} has not answered scrapes for 2 minutes',
          description: 'Prometheus cannot scrape /metrics: the process is down, hung, or unreachable.',
        },
      },
      {
        alert: 'HighRequestLatencyP95',
        expr: `histogram_quantile(0.95, sum by (job, le) (rate(${d}_bucket{route!="${UNMATCHED_ROUTE}"}[5m]))) > 0.3`,
        for: '10m',
        labels: { severity: 'page' },
        annotations: {
          summary: 'p95 latency of {{ $labels.job }} above 300 ms for 10 minutes',
          description:
            'p95 is {{ $value | humanizeDuration }}. One slow request is not an incident; ten minutes of them is.',
        },
      },
      {
        alert: 'HighErrorRatio',
        // Readiness answers 503 by design while a dependency is down: probes are not user traffic.
        expr:
          `sum by (job) (rate(${d}_count{status_class="5xx", route!~"/health/.*"}[5m]))` +
          ` / sum by (job) (rate(${d}_count{route!~"/health/.*"}[5m])) > 0.05`,
        for: '5m',
        labels: { severity: 'page' },
        annotations: {
          summary: 'More than 5% of requests to {{ $labels.job }} fail with 5xx',
          description: 'Error ratio is {{ $value | humanizePercentage }} over the last 5 minutes.',
        },
      },
      {
        alert: 'EventLoopLagHigh',
        expr: `avg_over_time(${METRIC.eventLoopLagP99}[5m]) > 0.2`,
        for: '10m',
        labels: { severity: 'ticket' },
        annotations: {
          summary: 'Event-loop p99 delay of {{ $labels.instance }} above 200 ms',
          description: 'Something blocks the event loop (CPU-heavy work, sync I/O, huge JSON): every request waits.',
        },
      },
      {
        alert: 'ResidentMemoryHigh',
        // A number compared with a number: the guide's memory rule compared an object and could never fire.
        expr: `${METRIC.residentMemory} > ${MEMORY_BUDGET_BYTES}`,
        for: '15m',
        labels: { severity: 'ticket' },
        annotations: {
          summary: 'Resident memory of {{ $labels.instance }} above its budget for 15 minutes',
          description: 'RSS is {{ $value | humanize1024 }}B. Take a heap snapshot before the platform restarts it.',
        },
      },
    ],
  },
];
// #endregion rules

/** YAML single-quoted scalar: the only escape is doubling the quote, so PromQL's `"` and `{{ }}` stay as written. */
function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Renders the groups as a Prometheus rules file. */
export function renderAlertRules(groups: readonly PrometheusRuleGroup[] = ALERT_RULE_GROUPS): string {
  const lines = [
    '# Generated from chapters/08-production/alert-rules.ts: do not edit by hand.',
    '# Regenerate: npx tsx chapters/08-production/write-alert-rules.ts',
    '# Check: promtool check rules deploy/prometheus/alerts.yml',
    'groups:',
  ];
  for (const group of groups) {
    lines.push(`  - name: ${quote(group.name)}`, '    rules:');
    for (const rule of group.rules) {
      lines.push(
        `      - alert: ${quote(rule.alert)}`,
        `        expr: ${quote(rule.expr)}`,
        `        for: ${rule.for}`,
      );
      lines.push('        labels:');
      for (const [key, value] of Object.entries(rule.labels)) lines.push(`          ${key}: ${quote(value)}`);
      lines.push('        annotations:');
      for (const [key, value] of Object.entries(rule.annotations)) lines.push(`          ${key}: ${quote(value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// #region metric-names
const PROMQL_WORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects. Not a PromQL parser: it drops strings, label matchers, ranges and
 * grouping clauses, then keeps identifiers that are not functions (followed by `(`), keywords or numbers.
 */
export function metricNamesIn(expr: string): Set<string> {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, ' ')
    .replace(/\boffset\s+-?\w+/gi, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(\d+(?:\.\d+)?(?:e[+-]?\d+)?)|([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/gi)) {
    const [, number, identifier, call] = match;
    if (number !== undefined || identifier === undefined || call !== undefined) continue;
    if (PROMQL_WORDS.has(identifier.toLowerCase())) continue;
    names.add(identifier);
  }
  return names;
}
// #endregion metric-names

/** Every metric name the rules use. */
export function metricNamesUsed(groups: readonly PrometheusRuleGroup[] = ALERT_RULE_GROUPS): Set<string> {
  return new Set(groups.flatMap((group) => group.rules.flatMap((rule) => [...metricNamesIn(rule.expr)])));
}
