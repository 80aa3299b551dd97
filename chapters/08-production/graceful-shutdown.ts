/**
 * Graceful shutdown: a testable core (signals, clock and exit are injected). The drain of the servers lives in
 * `server-drain.ts`, the thin binding to the real process in `process-shutdown.ts`.
 *
 * On the first SIGTERM/SIGINT: readiness turns false, the server stops accepting, in-flight requests finish within
 * a deadline, keep-alive connections are closed as they go idle, then resources close in reverse order of
 * registration. The exit code says how it ended; the library never calls `process.exit`, so the process exits by
 * itself once nothing is left open (which is also the proof that nothing leaked).
 */
import type { Server } from 'node:http';
import { constants } from 'node:os';
import { CodedError } from '../../platform/errors/coded-error.js';
import { ServerDrain } from './server-drain.js';

export type ShutdownSignal = 'SIGTERM' | 'SIGINT';

/** Where signals come from: `process` in production, an EventEmitter in tests. */
export interface SignalSource {
  on(event: ShutdownSignal, listener: (signal: ShutdownSignal) => void): unknown;
  removeListener(event: ShutdownSignal, listener: (signal: ShutdownSignal) => void): unknown;
}

/** The part of a logger shutdown needs; a pino logger fits. */
export interface ShutdownLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export type ShutdownOutcome = 'clean' | 'drain-timeout' | 'resource-failed';

/** How the process ended, as an exit code: 0 clean; 1 a resource failed to close; 2 requests were cut at the deadline. */
export const SHUTDOWN_EXIT_CODE: Readonly<Record<ShutdownOutcome, number>> = {
  clean: 0,
  'resource-failed': 1,
  'drain-timeout': 2,
};

export interface ShutdownResult {
  readonly outcome: ShutdownOutcome;
  readonly exitCode: number;
  readonly reason: string;
  /** Requests still running when the drain deadline passed (their connections were closed). */
  readonly cutRequests: number;
  readonly failures: readonly { readonly resource: string; readonly error: string }[];
  readonly durationMs: number;
}

export type ShutdownState = 'running' | 'draining' | 'closing-resources' | 'stopped';

export interface GracefulShutdownOptions {
  /** Servers to drain; more can be added with `trackServer`. */
  readonly servers?: readonly Server[];
  /** How long in-flight requests get to finish (default 10 s). Keep it under the platform's grace period. */
  readonly drainTimeoutMs?: number;
  /** Per-resource close deadline (default 5 s). */
  readonly resourceTimeoutMs?: number;
  /**
   * Keep accepting for this long after readiness turns false (default 0). Behind Kubernetes, endpoints are removed
   * asynchronously after SIGTERM; a few seconds here (or a preStop sleep) avoids refusing requests still routed here.
   */
  readonly readinessDelayMs?: number;
  /** The same signal again within this window is a terminal's duplicate, not a second request (default 200 ms). */
  readonly duplicateSignalWindowMs?: number;
  /** Called first: turn readiness false (e.g. `() => health.markShuttingDown()`). */
  readonly onShutdownStart?: () => void;
  readonly log?: ShutdownLog;
  /** Monotonic milliseconds. */
  readonly now?: () => number;
  /** Receives the exit code when shutdown ends (the binding sets `process.exitCode`). */
  readonly setExitCode?: (code: number) => void;
  /** Called on a genuine second signal: end now, whatever is still running. */
  readonly forceExit?: (signal: ShutdownSignal) => void;
  /** Called once with the result, after every resource was closed (or failed to). */
  readonly onComplete?: (result: ShutdownResult) => void;
}

interface Resource {
  readonly name: string;
  readonly close: () => Promise<void> | void;
}

const silentLog: ShutdownLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

class ResourceCloseTimeoutError extends CodedError {
  readonly code = 'SHUTDOWN_RESOURCE_TIMEOUT';
}

export class ShutdownStateError extends CodedError {
  readonly code = 'SHUTDOWN_ALREADY_STARTED';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Conventional exit code for a process ended by a signal: 128 + its number (143 for SIGTERM, 130 for SIGINT). */
export function signalExitCode(signal: ShutdownSignal): number {
  return 128 + constants.signals[signal];
}

// #region core
/**
 * The shutdown sequence and its signal rules, with no direct use of `process`.
 *
 * @example
 * const shutdown = new GracefulShutdown({ servers: [server], onShutdownStart: () => health.markShuttingDown(), log });
 * shutdown.register('mongo', () => client.close());
 * shutdown.listen(process);
 */
export class GracefulShutdown {
  readonly #resources: Resource[] = [];
  readonly #drain = new ServerDrain(() => this.#state !== 'running');
  readonly #drainTimeoutMs: number;
  readonly #resourceTimeoutMs: number;
  readonly #readinessDelayMs: number;
  readonly #duplicateWindowMs: number;
  readonly #options: GracefulShutdownOptions;
  readonly #log: ShutdownLog;
  readonly #now: () => number;
  #state: ShutdownState = 'running';
  #firstSignal: { signal: ShutdownSignal; at: number } | undefined;
  #result: Promise<ShutdownResult> | undefined;

  constructor(options: GracefulShutdownOptions = {}) {
    this.#options = options;
    this.#drainTimeoutMs = positive('drainTimeoutMs', options.drainTimeoutMs ?? 10_000);
    this.#resourceTimeoutMs = positive('resourceTimeoutMs', options.resourceTimeoutMs ?? 5_000);
    this.#readinessDelayMs = nonNegative('readinessDelayMs', options.readinessDelayMs ?? 0);
    this.#duplicateWindowMs = nonNegative('duplicateSignalWindowMs', options.duplicateSignalWindowMs ?? 200);
    this.#log = options.log ?? silentLog;
    this.#now = options.now ?? (() => performance.now());
    for (const server of options.servers ?? []) this.trackServer(server);
  }

  get state(): ShutdownState {
    return this.#state;
  }

  /** Tracks a server's requests so shutdown can wait for them and close their connections when they finish. */
  trackServer(server: Server): this {
    if (this.#state !== 'running') throw new ShutdownStateError('cannot track a server after shutdown has started');
    this.#drain.track(server);
    return this;
  }

  /** Registers a resource; resources close in reverse order (the last opened depends on the earlier ones). */
  register(name: string, close: () => Promise<void> | void): this {
    if (this.#state !== 'running') throw new ShutdownStateError(`cannot register "${name}" after shutdown has started`);
    this.#resources.push({ name, close });
    return this;
  }

  /** Listens for SIGTERM and SIGINT on `source`; returns a function that stops listening. */
  listen(source: SignalSource, signals: readonly ShutdownSignal[] = ['SIGTERM', 'SIGINT']): () => void {
    const listener = (signal: ShutdownSignal): void => this.handleSignal(signal);
    for (const signal of signals) source.on(signal, listener);
    return () => {
      for (const signal of signals) source.removeListener(signal, listener);
    };
  }

  /**
   * First signal: start shutting down. The same signal again within the duplicate window: ignored (a terminal
   * sends Ctrl+C to the whole process group, and a parent such as npm or tsx may forward it too). Any later
   * signal: the operator means it, force the exit.
   */
  handleSignal(signal: ShutdownSignal): void {
    const now = this.#now();
    if (this.#firstSignal === undefined) {
      this.#firstSignal = { signal, at: now };
      this.#log.info({ signal }, 'shutdown signal received: draining');
      void this.shutdown(signal);
      return;
    }
    const first = this.#firstSignal;
    if (signal === first.signal && now - first.at < this.#duplicateWindowMs) {
      this.#log.info({ signal, afterMs: now - first.at }, 'duplicate signal ignored');
      return;
    }
    this.#log.warn({ signal, state: this.#state }, 'second signal: forcing exit');
    this.#options.setExitCode?.(signalExitCode(signal));
    this.#options.forceExit?.(signal);
  }

  /** Runs the shutdown once; later calls return the same result. Never rejects. */
  shutdown(reason = 'shutdown requested'): Promise<ShutdownResult> {
    this.#result ??= this.#run(reason);
    return this.#result;
  }

  async #run(reason: string): Promise<ShutdownResult> {
    const started = this.#now();
    this.#state = 'draining';
    try {
      this.#options.onShutdownStart?.();
    } catch (error) {
      this.#log.error({ err: error }, 'onShutdownStart failed; draining anyway');
    }
    if (this.#readinessDelayMs > 0) await delay(this.#readinessDelayMs);
    const cutRequests = await this.#drain.drain(this.#drainTimeoutMs, this.#log);

    this.#state = 'closing-resources';
    const failures: { resource: string; error: string }[] = [];
    for (const resource of [...this.#resources].reverse()) {
      try {
        await withTimeout(Promise.resolve().then(resource.close), this.#resourceTimeoutMs, resource.name);
        this.#log.info({ resource: resource.name }, 'resource closed');
      } catch (error) {
        failures.push({ resource: resource.name, error: errorMessage(error) });
        this.#log.error({ resource: resource.name, err: error }, 'resource failed to close');
      }
    }

    const outcome: ShutdownOutcome =
      cutRequests > 0 ? 'drain-timeout' : failures.length > 0 ? 'resource-failed' : 'clean';
    const result: ShutdownResult = {
      outcome,
      exitCode: SHUTDOWN_EXIT_CODE[outcome],
      reason,
      cutRequests,
      failures,
      durationMs: this.#now() - started,
    };
    this.#state = 'stopped';
    this.#options.setExitCode?.(result.exitCode);
    this.#log[outcome === 'clean' ? 'info' : 'warn']({ ...result }, 'shutdown complete');
    this.#options.onComplete?.(result);
    return result;
  }
}
// #endregion core

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number of ms, got ${value}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be 0 or more ms, got ${value}`);
  return value;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout(work: Promise<void>, ms: number, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ResourceCloseTimeoutError(`"${name}" did not close within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
