import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertEvaluator, stepAlert } from '../../../chapters/08-production/alert-evaluator.js';
import type { AlertEvent, AlertRule, Notifier } from '../../../chapters/08-production/alert-evaluator.js';
import { BucketedWindow } from '../../../chapters/08-production/bucketed-window.js';
import { RetryingNotifier } from '../../../chapters/08-production/retrying-notifier.js';

const slowRequests: AlertRule = {
  name: 'SlowRequests',
  metric: 'http_request_duration_seconds',
  aggregate: 'fraction-above',
  sampleThreshold: 0.3,
  threshold: 0.5, // more than half the requests slower than 300 ms
  windowMs: 60_000,
  forMs: 120_000,
  minSamples: 10,
  summary: 'Most requests are slower than 300 ms',
};

const quietLog = { warn: () => undefined, error: () => undefined };

afterEach(() => {
  vi.useRealTimers();
});

describe('AlertEvaluator', () => {
  // #region storm-test
  it('turns 500 slow requests in a row into exactly one alert, which resolves once when latency recovers', async () => {
    let now = 0;
    const events: AlertEvent[] = [];
    const alerts = new AlertEvaluator({
      rules: [slowRequests],
      notifier: { notify: async (event) => void events.push(event) },
      log: quietLog,
      now: () => now,
    });
    const requests = (count: number, seconds: number): void => {
      for (let i = 0; i < count; i += 1) {
        now += 1_000; // one request per second, evaluated every 5 s as a timer would
        alerts.record('http_request_duration_seconds', seconds);
        if (now % 5_000 === 0) alerts.evaluate();
      }
    };

    requests(500, 1.2);
    requests(300, 0.05);
    await vi.waitFor(() => expect(alerts.pendingNotifications).toBe(0)); // delivery is asynchronous

    expect(events.map((event) => event.status)).toEqual(['firing', 'resolved']);
    expect(events[0]).toMatchObject({ rule: 'SlowRequests', value: 1 });
    // Pending from the first evaluation that held (10 s in: minSamples) until forMs had passed.
    expect((events[0]?.at ?? 0) - (events[0]?.activeSince ?? 0)).toBeGreaterThanOrEqual(slowRequests.forMs);
    alerts.close();
  });
  // #endregion storm-test

  it('does not fire for a burst shorter than the for-duration', () => {
    let now = 0;
    const notify = vi.fn(async () => undefined);
    const alerts = new AlertEvaluator({ rules: [slowRequests], notifier: { notify }, log: quietLog, now: () => now });
    for (let second = 1; second <= 600; second += 1) {
      now = second * 1_000;
      // 90 slow seconds, then fast again: pending, never firing.
      alerts.record('http_request_duration_seconds', second > 100 && second <= 190 ? 2 : 0.05);
      if (second % 5 === 0) alerts.evaluate();
    }
    expect(notify).not.toHaveBeenCalled();
    expect(alerts.states().SlowRequests).toEqual({ phase: 'inactive' });
    alerts.close();
  });

  it('keeps memory bounded whatever the sample rate', () => {
    let now = 0;
    const alerts = new AlertEvaluator({
      rules: [slowRequests],
      notifier: { notify: async () => undefined },
      log: quietLog,
      now: () => now,
      bucketCount: 12,
    });
    const before = alerts.bucketsHeld;
    for (let i = 0; i < 200_000; i += 1) {
      now += 0.5; // 2,000 samples per second
      alerts.record('http_request_duration_seconds', 0.1);
    }
    expect(alerts.bucketsHeld).toBe(before);
    expect(before).toBe(12);
    alerts.close();
  });

  it('survives a notifier that fails: logs, retries with backoff, and delivers once it recovers', async () => {
    vi.useFakeTimers();
    const warnings: string[] = [];
    let failures = 2;
    const delivered: AlertEvent[] = [];
    const notifier: Notifier = {
      notify: async (event) => {
        if (failures > 0) {
          failures -= 1;
          throw new Error('webhook answered 502');
        }
        delivered.push(event);
      },
    };
    let now = 0;
    const alerts = new AlertEvaluator({
      rules: [{ ...slowRequests, forMs: 0, minSamples: 1 }],
      notifier,
      log: { warn: (_fields, message) => void warnings.push(message), error: () => undefined },
      now: () => now,
      retry: { initialDelayMs: 1_000 },
      random: () => 0.5,
    });
    now = 1_000;
    alerts.record('http_request_duration_seconds', 5);
    alerts.evaluate();

    await vi.advanceTimersByTimeAsync(10_000);

    expect(delivered.map((event) => event.status)).toEqual(['firing']);
    expect(warnings).toEqual(['notification failed; will retry', 'notification failed; will retry']);
    expect(alerts.pendingNotifications).toBe(0);
    alerts.close();
  });

  it(
    'lets the process exit by itself while a notification retry is pending, as start() documents (child process)',
    { timeout: 45_000 },
    async () => {
      const fixture = fileURLToPath(new URL('./fixtures/alert-retry-pending.ts', import.meta.url));
      // The retry is due in 2 minutes; a timer that held the process would outlast this 30 s kill, failing the test.
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fixture], { timeout: 30_000 });
      expect(stdout).toBe('retry scheduled\n');
    },
  );
});

describe('stepAlert', () => {
  it('goes inactive -> pending -> firing -> inactive, with events only on firing and resolving', () => {
    const pending = stepAlert({ phase: 'inactive' }, true, 0, 100);
    const stillPending = stepAlert(pending.state, true, 50, 100);
    const firing = stepAlert(stillPending.state, true, 100, 100);
    const stillFiring = stepAlert(firing.state, true, 500, 100);
    const resolved = stepAlert(stillFiring.state, false, 600, 100);
    expect(
      [pending, stillPending, firing, stillFiring, resolved].map((step) => [step.state.phase, step.event]),
    ).toEqual([
      ['pending', undefined],
      ['pending', undefined],
      ['firing', 'firing'],
      ['firing', undefined],
      ['inactive', 'resolved'],
    ]);
  });

  it('drops a pending alert silently when the condition stops holding', () => {
    expect(stepAlert({ phase: 'pending', since: 0 }, false, 10, 100)).toEqual({ state: { phase: 'inactive' } });
  });
});

describe('BucketedWindow', () => {
  it('forgets samples older than the window', () => {
    const window = new BucketedWindow({ windowMs: 10_000, bucketCount: 10, aboveThreshold: 1 });
    window.record(5, 1_000);
    window.record(0.5, 9_000);
    expect(window.aggregate(9_500)).toMatchObject({ count: 2, max: 5, countAbove: 1 });
    expect(window.aggregate(15_000)).toMatchObject({ count: 1, max: 0.5, countAbove: 0 });
    expect(window.aggregate(60_000)).toMatchObject({ count: 0, mean: undefined });
  });
});

describe('RetryingNotifier', () => {
  it('gives each attempt a deadline: a backend that never answers one attempt does not block later alerts', async () => {
    vi.useFakeTimers();
    const delivered: string[] = [];
    const signals: (AbortSignal | undefined)[] = [];
    const notifier = new RetryingNotifier({
      notifier: {
        notify: (event, signal) => {
          signals.push(signal);
          if (signals.length === 1) return new Promise(() => undefined); // the first attempt hangs forever
          delivered.push(event.rule);
          return Promise.resolve();
        },
      },
      log: quietLog,
      attemptTimeoutMs: 5_000,
      initialDelayMs: 1_000,
      random: () => 0.5,
    });
    const event = (rule: string): AlertEvent => ({
      rule,
      status: 'firing',
      value: 1,
      threshold: 0,
      activeSince: 0,
      at: 0,
      summary: '',
    });
    notifier.send(event('first'));
    notifier.send(event('second'));

    await vi.advanceTimersByTimeAsync(5_000 + 1_000);

    expect(delivered).toEqual(['first', 'second']); // the hung attempt timed out and was retried, in order
    expect(signals[0]?.aborted).toBe(true); // and the backend was told to give up on it
    expect(notifier.pending).toBe(0);
    notifier.close();
  });

  it('drops the oldest waiting event, loudly, when the queue overflows', () => {
    const dropped: unknown[] = [];
    const notifier = new RetryingNotifier({
      notifier: { notify: () => new Promise(() => undefined) }, // a backend that never answers
      log: { warn: () => undefined, error: (fields) => void dropped.push(fields.rule) },
      maxQueue: 2,
    });
    const event = (rule: string): AlertEvent => ({
      rule,
      status: 'firing',
      value: 1,
      threshold: 0,
      activeSince: 0,
      at: 0,
      summary: '',
    });
    for (const rule of ['a', 'b', 'c', 'd', 'e']) notifier.send(event(rule));
    expect(notifier.pending).toBe(3); // 'a' in flight, 'd' and 'e' waiting
    expect(notifier.dropped).toBe(2);
    expect(dropped).toEqual(['b', 'c']);
    notifier.close();
  });
});
