/**
 * Delivers alert notifications through any backend, retrying failures with capped exponential backoff.
 * A failing backend is logged, never thrown to the caller: monitoring that crashes the service it watches turns a
 * notification outage into a real outage. The queue is bounded; when it overflows the oldest event is dropped, loudly.
 * Its timers never keep the process alive. In production, Alertmanager does this job (with grouping, silences and
 * inhibition) and the process does none of it.
 */

import { CodedError } from '../../platform/errors/coded-error.js';

/** One state change of one alert. */
export interface AlertEvent {
  readonly rule: string;
  readonly status: 'firing' | 'resolved';
  /** The aggregate that decided it (seconds for latency rules). */
  readonly value: number | undefined;
  readonly threshold: number;
  /** When the condition started to hold (ms). */
  readonly activeSince: number;
  readonly at: number;
  readonly summary: string;
}

/** The backend: a chat webhook, an email gateway, a pager. */
export interface Notifier {
  /** `signal` aborts when the attempt's deadline passes or the notifier closes: pass it to `fetch`. */
  notify(event: AlertEvent, signal?: AbortSignal): Promise<void>;
}

/** An attempt that got no answer within `attemptTimeoutMs`; it counts as a failed attempt and is retried. */
export class NotificationTimeoutError extends CodedError {
  readonly code = 'ALERT_NOTIFY_TIMEOUT';
}

/** Logger subset (pino fits). */
export interface NotifyLog {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface RetryingNotifierOptions {
  readonly notifier: Notifier;
  readonly log: NotifyLog;
  /** First retry delay (default 1 s), doubled per attempt up to `maxDelayMs` (default 60 s). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** How long one attempt may take before it counts as failed (default 10 s): a hung backend must not hold the queue. */
  readonly attemptTimeoutMs?: number;
  /** Attempts per event before it is dropped (default 10). */
  readonly maxAttempts?: number;
  /** Events waiting at most (default 100). */
  readonly maxQueue?: number;
  /** Jitter source in [0, 1); spreads retries of many processes. Default Math.random. */
  readonly random?: () => number;
}

// #region retrying-notifier
export class RetryingNotifier {
  readonly #options: RetryingNotifierOptions;
  readonly #queue: { event: AlertEvent; attempts: number }[] = [];
  #sending = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #dropped = 0;
  #inFlight: { event: AlertEvent; attempts: number } | undefined;
  #attempt: AbortController | undefined;

  constructor(options: RetryingNotifierOptions) {
    this.#options = options;
  }

  /** Events waiting for delivery (for tests and a gauge). */
  get pending(): number {
    return this.#queue.length + (this.#inFlight === undefined ? 0 : 1);
  }

  /** Events given up on (queue overflow or attempts exhausted). */
  get dropped(): number {
    return this.#dropped;
  }

  /** Queues an event; returns at once. Never throws because of the backend. */
  send(event: AlertEvent): void {
    if (this.#closed) {
      this.#options.log.warn({ rule: event.rule, status: event.status }, 'notifier closed: event not sent');
      return;
    }
    this.#queue.push({ event, attempts: 0 });
    if (this.#queue.length > (this.#options.maxQueue ?? 100)) {
      const oldest = this.#queue.shift();
      this.#dropped += 1;
      this.#options.log.error(
        { rule: oldest?.event.rule, status: oldest?.event.status },
        'notification queue full: oldest event dropped',
      );
    }
    if (!this.#sending && this.#timer === undefined) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#sending = true;
    try {
      while (!this.#closed) {
        // Take the event out while it is in flight, so an overflow can only drop events still waiting.
        const head = this.#queue.shift();
        if (head === undefined) return;
        this.#inFlight = head;
        head.attempts += 1;
        try {
          await this.#attemptOnce(head.event);
        } catch (error) {
          if (this.#closed) return; // close() aborted it and reported what was not sent
          if (head.attempts >= (this.#options.maxAttempts ?? 10)) {
            this.#dropped += 1;
            this.#options.log.error(
              { rule: head.event.rule, attempts: head.attempts, err: error },
              'notification dropped after retries',
            );
            continue;
          }
          const delay = this.#backoff(head.attempts);
          this.#options.log.warn(
            { rule: head.event.rule, attempts: head.attempts, retryInMs: delay, err: error },
            'notification failed; will retry',
          );
          this.#queue.unshift(head); // order matters: a "resolved" must not overtake its "firing"
          this.#timer = setTimeout(() => {
            this.#timer = undefined;
            void this.#drain();
          }, delay);
          // A retry must not keep a finished process alive for minutes; shutdown calls close() to report what is lost.
          this.#timer.unref();
          return;
        } finally {
          this.#inFlight = undefined;
        }
      }
    } finally {
      this.#sending = false;
    }
  }

  /** One call to the backend, given up (and its signal aborted) after `attemptTimeoutMs`. */
  async #attemptOnce(event: AlertEvent): Promise<void> {
    const timeoutMs = this.#options.attemptTimeoutMs ?? 10_000;
    const attempt = new AbortController();
    this.#attempt = attempt;
    const deadline = setTimeout(
      () =>
        attempt.abort(new NotificationTimeoutError(`the notification backend did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    deadline.unref();
    const abandoned = new Promise<never>((_, reject) => {
      attempt.signal.addEventListener('abort', () => reject(attempt.signal.reason), { once: true });
    });
    try {
      await Promise.race([this.#options.notifier.notify(event, attempt.signal), abandoned]);
    } finally {
      clearTimeout(deadline);
      this.#attempt = undefined;
    }
  }

  #backoff(attempts: number): number {
    const initial = this.#options.initialDelayMs ?? 1_000;
    const max = this.#options.maxDelayMs ?? 60_000;
    const base = Math.min(max, initial * 2 ** (attempts - 1));
    // "Equal jitter": at least half the delay, so retries never bunch up at zero.
    return Math.round(base / 2 + (this.#options.random ?? Math.random)() * (base / 2));
  }

  /** Stops retrying and aborts an attempt in flight; events not delivered are logged as not sent. */
  close(): void {
    if (this.#closed) return;
    const pending = this.pending;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#attempt?.abort(new Error('the notifier was closed'));
    this.#queue.length = 0;
    if (pending > 0) this.#options.log.warn({ pending }, 'notifier closed with events not sent');
  }
}
// #endregion retrying-notifier
