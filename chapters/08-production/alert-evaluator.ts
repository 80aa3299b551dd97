/**
 * An in-process alert evaluator, for learning what Prometheus does with `for:`: each rule watches an aggregate over
 * a bounded window, is evaluated on a tick (not per sample), goes pending when its condition starts to hold, fires
 * once when it has held for `forMs`, and resolves once when it stops. Production services export metrics and let
 * Prometheus evaluate `deploy/prometheus/alerts.yml` instead; see the chapter page for why.
 */
import { BucketedWindow } from './bucketed-window.js';
import type { WindowAggregate } from './bucketed-window.js';
import { RetryingNotifier } from './retrying-notifier.js';
import type { AlertEvent, Notifier, NotifyLog } from './retrying-notifier.js';
import { CodedError } from '../../platform/errors/coded-error.js';

export type { AlertEvent, Notifier, NotifyLog } from './retrying-notifier.js';

/** Which number of the window the rule compares with its threshold. */
export type AlertAggregate = 'mean' | 'max' | 'count' | 'fraction-above';

export interface AlertRule {
  readonly name: string;
  /** The sample stream it watches, e.g. `http_request_duration_seconds`. */
  readonly metric: string;
  readonly aggregate: AlertAggregate;
  /** The condition is `aggregate > threshold` (or `<` with `below: true`). */
  readonly threshold: number;
  readonly below?: boolean;
  /** For `fraction-above`: a sample above this counts as bad (e.g. 0.3 s). */
  readonly sampleThreshold?: number;
  readonly windowMs: number;
  /** How long the condition must hold before the alert fires; 0 fires on the first evaluation that holds. */
  readonly forMs: number;
  /** Fewer samples than this in the window: the condition does not hold (no traffic is not an outage). */
  readonly minSamples?: number;
  readonly summary: string;
}

// #region state-machine
export type AlertState =
  | { readonly phase: 'inactive' }
  | { readonly phase: 'pending'; readonly since: number }
  | { readonly phase: 'firing'; readonly since: number };

export interface AlertStep {
  readonly state: AlertState;
  /** Set only on the two transitions that notify. */
  readonly event?: 'firing' | 'resolved';
}

/**
 * One evaluation of one rule: the whole alert lifecycle as a pure function. A pending alert whose condition
 * stops holding returns to inactive silently; only reaching firing and leaving it produce events.
 */
export function stepAlert(state: AlertState, holds: boolean, now: number, forMs: number): AlertStep {
  switch (state.phase) {
    case 'inactive':
      if (!holds) return { state };
      return forMs <= 0
        ? { state: { phase: 'firing', since: now }, event: 'firing' }
        : { state: { phase: 'pending', since: now } };
    case 'pending':
      if (!holds) return { state: { phase: 'inactive' } };
      return now - state.since >= forMs
        ? { state: { phase: 'firing', since: state.since }, event: 'firing' }
        : { state };
    case 'firing':
      return holds ? { state } : { state: { phase: 'inactive' }, event: 'resolved' };
  }
}
// #endregion state-machine

/** The number a rule compares, or undefined when the window has too few samples to say. */
export function ruleValue(rule: AlertRule, aggregate: WindowAggregate): number | undefined {
  if (aggregate.count < (rule.minSamples ?? 1)) return rule.aggregate === 'count' ? aggregate.count : undefined;
  switch (rule.aggregate) {
    case 'mean':
      return aggregate.mean;
    case 'max':
      return aggregate.max;
    case 'count':
      return aggregate.count;
    case 'fraction-above':
      return aggregate.countAbove / aggregate.count;
  }
}

export interface AlertEvaluatorOptions {
  readonly rules: readonly AlertRule[];
  readonly notifier: Notifier;
  readonly log: NotifyLog;
  /** Milliseconds; inject a fake clock in tests. */
  readonly now?: () => number;
  /** Buckets per rule window (default 12): the memory bound per rule. */
  readonly bucketCount?: number;
  /** Retry settings for the notifier. */
  readonly retry?: {
    readonly initialDelayMs?: number;
    readonly maxDelayMs?: number;
    readonly maxAttempts?: number;
    readonly maxQueue?: number;
    readonly attemptTimeoutMs?: number;
  };
  readonly random?: () => number;
}

interface RuleSlot {
  readonly rule: AlertRule;
  readonly window: BucketedWindow;
  state: AlertState;
}

export class AlertRuleError extends CodedError {
  readonly code = 'ALERT_RULE_INVALID';
}

// #region evaluator
/**
 * Records samples into bounded windows and evaluates every rule on a tick.
 *
 * @example
 * const alerts = new AlertEvaluator({ rules: [slowRequests], notifier: webhook, log });
 * res.on('finish', () => alerts.record('http_request_duration_seconds', seconds));
 * alerts.start(10_000); // evaluate every 10 s; alerts.close() on shutdown
 */
export class AlertEvaluator {
  readonly #slots: RuleSlot[];
  readonly #byMetric = new Map<string, RuleSlot[]>();
  readonly #now: () => number;
  readonly #delivery: RetryingNotifier;
  #interval: NodeJS.Timeout | undefined;

  constructor(options: AlertEvaluatorOptions) {
    const names = new Set<string>();
    this.#slots = options.rules.map((rule) => {
      if (names.has(rule.name)) throw new AlertRuleError(`duplicate rule name "${rule.name}": names must be unique`);
      names.add(rule.name);
      if (!Number.isFinite(rule.forMs) || rule.forMs < 0) {
        throw new AlertRuleError(`rule "${rule.name}": forMs must be 0 or more ms, got ${rule.forMs}`);
      }
      if (rule.aggregate === 'fraction-above' && rule.sampleThreshold === undefined) {
        throw new AlertRuleError(`rule "${rule.name}": aggregate "fraction-above" needs a sampleThreshold`);
      }
      const window = new BucketedWindow({
        windowMs: rule.windowMs,
        ...(options.bucketCount === undefined ? {} : { bucketCount: options.bucketCount }),
        ...(rule.sampleThreshold === undefined ? {} : { aboveThreshold: rule.sampleThreshold }),
      });
      return { rule, window, state: { phase: 'inactive' } as AlertState };
    });
    for (const slot of this.#slots) {
      const list = this.#byMetric.get(slot.rule.metric) ?? [];
      list.push(slot);
      this.#byMetric.set(slot.rule.metric, list);
    }
    this.#now = options.now ?? Date.now;
    this.#delivery = new RetryingNotifier({
      notifier: options.notifier,
      log: options.log,
      ...options.retry,
      ...(options.random === undefined ? {} : { random: options.random }),
    });
  }

  /** Adds a sample to every rule watching `metric`. Cheap enough for every request; a metric no rule watches is ignored. */
  record(metric: string, value: number): void {
    const slots = this.#byMetric.get(metric);
    if (slots === undefined) return;
    const now = this.#now();
    for (const slot of slots) slot.window.record(value, now);
  }

  /** Evaluates every rule once, sending an event only on firing and on resolving. */
  evaluate(): void {
    const now = this.#now();
    for (const slot of this.#slots) {
      const value = ruleValue(slot.rule, slot.window.aggregate(now));
      const holds =
        value !== undefined && (slot.rule.below ? value < slot.rule.threshold : value > slot.rule.threshold);
      const previous = slot.state;
      const step = stepAlert(previous, holds, now, slot.rule.forMs);
      slot.state = step.state;
      if (step.event === undefined) continue;
      const since = previous.phase === 'inactive' ? now : previous.since;
      const event: AlertEvent = {
        rule: slot.rule.name,
        status: step.event,
        value,
        threshold: slot.rule.threshold,
        activeSince: since,
        at: now,
        summary: slot.rule.summary,
      };
      this.#delivery.send(event);
    }
  }

  /** Current phase of every rule. */
  states(): Record<string, AlertState> {
    return Object.fromEntries(this.#slots.map((slot) => [slot.rule.name, slot.state]));
  }

  /** Buckets held across all rules: constant for a given rule set, whatever the sample rate. */
  get bucketsHeld(): number {
    return this.#slots.reduce((total, slot) => total + slot.window.bucketCount, 0);
  }

  get pendingNotifications(): number {
    return this.#delivery.pending;
  }

  /** Evaluates every `intervalMs` until close(). Neither this timer nor a notification retry keeps the process alive. */
  start(intervalMs: number): void {
    if (this.#interval !== undefined) return;
    this.#interval = setInterval(() => this.evaluate(), intervalMs);
    this.#interval.unref();
  }

  close(): void {
    clearInterval(this.#interval);
    this.#interval = undefined;
    this.#delivery.close();
  }
}
// #endregion evaluator
