/**
 * The load-test gate: run a scenario with autocannon, judge it against thresholds, write a report.
 * @example
 * import { runLoadGate, writeGateReport } from '../chapters/05-testing/load-gate/index.js';
 */
export { LoadGateError, LoadGateOptionsError, NonLoopbackTargetError, TargetUnreachableError, ThresholdSyntaxError } from './load-gate-errors.js';
export { percentile, summarizeLatencies, type LatencySummary } from './percentile.js';
export { renderHtmlReport, writeGateReport, type WrittenReport } from './report.js';
export { HISTOGRAM_BOUNDS_MS, runLoadGate, type GateResult, type LoadGateOptions, type StepResult } from './run-gate.js';
export { singleRequestScenario, type HttpMethod, type Scenario, type ScenarioContext, type ScenarioStep } from './scenario.js';
export { checkTarget, isLoopbackHost, probeTarget } from './target.js';
export { evaluateThresholds, parseThreshold, parseThresholds, THRESHOLD_SYNTAX, type Comparator, type GateMetrics, type MetricName, type Threshold, type ThresholdOutcome } from './thresholds.js';
