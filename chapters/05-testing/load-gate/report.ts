import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GateResult } from './run-gate.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const boundLabel = (ms: number): string => (ms >= 1000 ? `${ms / 1000}s` : `${ms}`);

// #region histogram-svg
/** The latency histogram as an SVG bar chart: one bar per bucket, empty leading and trailing buckets trimmed. */
export function latencyHistogramSvg(result: GateResult): string {
  const buckets = result.histogram;
  const first = buckets.findIndex((b) => b.count > 0);
  const last = buckets.findLastIndex((b) => b.count > 0);
  const shown = first === -1 ? buckets : buckets.slice(first, last + 1);
  const width = 720;
  const height = 260;
  const left = 56;
  const bottom = 40;
  const plotW = width - left - 16;
  const plotH = height - bottom - 24;
  const max = Math.max(1, ...shown.map((b) => b.count));
  const barW = plotW / shown.length;
  const bars = shown
    .map((b, i) => {
      const h = (b.count / max) * plotH;
      const x = left + i * barW;
      const label = b.toMs === null ? `≥${boundLabel(b.fromMs)}` : `${boundLabel(b.fromMs)}–${boundLabel(b.toMs)}`;
      return (
        `<rect x="${fmt(x + 2)}" y="${fmt(24 + plotH - h)}" width="${fmt(barW - 4)}" height="${fmt(h)}" fill="#3b6ea8"><title>${escapeHtml(label)} ms: ${b.count}</title></rect>` +
        `<text x="${fmt(x + barW / 2)}" y="${height - bottom + 16}" font-size="10" text-anchor="middle">${escapeHtml(label)}</text>` +
        (b.count > 0
          ? `<text x="${fmt(x + barW / 2)}" y="${fmt(24 + plotH - h - 4)}" font-size="10" text-anchor="middle">${b.count}</text>`
          : '')
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="hist-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif">` +
    `<title id="hist-title">Latency histogram: responses per latency bucket, p95 ${fmt(result.metrics.p95)} ms, p99 ${fmt(result.metrics.p99)} ms</title>` +
    `<line x1="${left}" y1="${24 + plotH}" x2="${width - 16}" y2="${24 + plotH}" stroke="#333"/>` +
    `<text x="${left - 8}" y="28" font-size="11" text-anchor="end">${max}</text><text x="${left - 8}" y="${24 + plotH}" font-size="11" text-anchor="end">0</text>` +
    bars +
    `<text x="${left + plotW / 2}" y="${height - 6}" font-size="11" text-anchor="middle">latency (ms)</text>` +
    '</svg>'
  );
}
// #endregion histogram-svg

/** Successful responses per second over the run, as an SVG line, with the rps threshold dashed when there is one. */
export function throughputLineSvg(result: GateResult): string {
  const points = result.throughput;
  const width = 720;
  const height = 220;
  const left = 56;
  const bottom = 36;
  const plotW = width - left - 16;
  const plotH = height - bottom - 20;
  const rpsLimit = result.thresholds.find((t) => t.metric === 'rps');
  const limitValue = rpsLimit?.limit ?? Number.NaN;
  const max = Math.max(1, ...points.map((p) => p.rps), Number.isFinite(limitValue) ? limitValue : 0) * 1.1;
  const end = Math.max(result.elapsedSeconds, points.at(-1)?.atSeconds ?? 1);
  const xy = (at: number, rps: number): string =>
    `${fmt(left + (at / end) * plotW)},${fmt(20 + plotH - (rps / max) * plotH)}`;
  const line = points.map((p) => xy(p.atSeconds, p.rps)).join(' ');
  const limitLine = Number.isFinite(limitValue)
    ? `<line x1="${left}" x2="${width - 16}" y1="${fmt(20 + plotH - (limitValue / max) * plotH)}" y2="${fmt(20 + plotH - (limitValue / max) * plotH)}" stroke="#b3261e" stroke-dasharray="6 4"/>` +
      `<text x="${width - 18}" y="${fmt(20 + plotH - (limitValue / max) * plotH - 4)}" font-size="11" text-anchor="end" fill="#b3261e">${escapeHtml(rpsLimit!.expression)}</text>`
    : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="tp-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif">` +
    `<title id="tp-title">Throughput over time: successful responses per second, mean ${fmt(result.metrics.rps)}</title>` +
    `<line x1="${left}" y1="${20 + plotH}" x2="${width - 16}" y2="${20 + plotH}" stroke="#333"/><line x1="${left}" y1="20" x2="${left}" y2="${20 + plotH}" stroke="#333"/>` +
    `<text x="${left - 8}" y="24" font-size="11" text-anchor="end">${fmt(max, 0)}</text><text x="${left - 8}" y="${20 + plotH}" font-size="11" text-anchor="end">0</text>` +
    `<text x="${left}" y="${height - 14}" font-size="11">0 s</text><text x="${width - 16}" y="${height - 14}" font-size="11" text-anchor="end">${fmt(end)} s</text>` +
    limitLine +
    `<polyline fill="none" stroke="#3b6ea8" stroke-width="2" points="${line}"/>` +
    `<text x="${left + plotW / 2}" y="${height - 4}" font-size="11" text-anchor="middle">time (s) · successful req/s</text>` +
    '</svg>'
  );
}

/** A self-contained HTML page (inline CSS and SVG, no script, no network): verdict, thresholds, charts, steps. */
export function renderHtmlReport(result: GateResult): string {
  const verdict = result.passed ? 'PASSED' : 'FAILED';
  const rows = result.thresholds
    .map(
      (t) =>
        `<tr class="${t.passed ? 'ok' : 'bad'}"><td><code>${escapeHtml(t.expression)}</code></td><td>${t.passed ? 'pass' : 'FAIL'}</td><td>${escapeHtml(t.detail)}</td></tr>`,
    )
    .join('');
  const steps = result.steps
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.name)}</td><td>${s.responses}</td><td>${s.failures}</td><td>${escapeHtml(
          Object.entries(s.statuses)
            .map(([code, n]) => `${code}: ${n}`)
            .join(', '),
        )}</td></tr>`,
    )
    .join('');
  const m = result.metrics;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Load gate ${verdict}: ${escapeHtml(result.title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:780px;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}.verdict{padding:.2rem .6rem;border-radius:4px;color:#fff;background:${result.passed ? '#1e6b34' : '#b3261e'}}
table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;font-size:.9rem}
tr.bad td{background:#fbe9e7}tr.ok td{background:#eef7ee}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}
</style></head><body>
<h1>Load gate <span class="verdict">${verdict}</span> ${escapeHtml(result.title)}</h1>
<dl><dt>Target</dt><dd>${escapeHtml(result.target)}</dd><dt>Scenario</dt><dd>${escapeHtml(result.scenario)}</dd>
<dt>Started</dt><dd>${escapeHtml(result.startedAt)}</dd><dt>Load</dt><dd>${result.connections} connections for ${fmt(result.elapsedSeconds)} s</dd>
<dt>Responses</dt><dd>${result.responses} (${result.failures} failed: unexpected status, ${result.transportErrors} connection errors, ${result.timeouts} timeouts)</dd>
<dt>Latency</dt><dd>mean ${fmt(m.mean)} · p50 ${fmt(m.p50)} · p90 ${fmt(m.p90)} · p95 ${fmt(m.p95)} · p99 ${fmt(m.p99)} · max ${fmt(m.max)} ms</dd>
<dt>Throughput</dt><dd>${fmt(m.rps)} successful req/s · error rate ${Number.isFinite(m.errors) ? fmt(m.errors * 100, 2) + '%' : 'n/a (no requests)'}</dd></dl>
<h2>Thresholds</h2><table><thead><tr><th>Threshold</th><th>Result</th><th>Measured</th></tr></thead><tbody>${rows}</tbody></table>
<h2>Latency histogram</h2>${latencyHistogramSvg(result)}
<h2>Throughput</h2>${throughputLineSvg(result)}
<h2>Steps</h2><table><thead><tr><th>Step</th><th>Responses</th><th>Failed</th><th>Statuses</th></tr></thead><tbody>${steps}</tbody></table>
</body></html>
`;
}

/** Paths of the written report. */
export interface WrittenReport {
  readonly html: string;
  readonly json: string;
}

/** Writes `report.html` and `report.json` into `dir` (created if needed). */
export async function writeGateReport(result: GateResult, dir: string): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const html = path.join(dir, 'report.html');
  const json = path.join(dir, 'report.json');
  // NaN is not JSON: write it as null, which a reader cannot mistake for a measured 0.
  await writeFile(
    json,
    `${JSON.stringify(result, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`,
  );
  await writeFile(html, renderHtmlReport(result));
  return { html, json };
}
