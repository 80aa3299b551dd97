import {
  GracefulShutdown,
  type ShutdownLog,
  type ShutdownResult,
} from '../../chapters/08-production/graceful-shutdown.js';
import { CodedError } from '../../platform/errors/coded-error.js';

/** A started service: `stop()` drains and closes it; it never rejects for a clean stop. */
export interface ServiceControl<Started> {
  start(): Promise<Started>;
  /** Drains servers, then closes resources in reverse order of opening. Rejects when the outcome was not clean. */
  stop(): Promise<ShutdownResult>;
  /** Readiness reports 503 from now on while the service still serves: the first step of a stop (a service with traffic). */
  markNotReady?(): void;
}

/** Raised by `stop()` when a resource failed to close or requests were cut at the deadline. */
export class UncleanShutdownError extends CodedError {
  readonly code = 'UNCLEAN_SHUTDOWN';

  constructor(readonly result: ShutdownResult) {
    const failures = result.failures.map((failure) => `${failure.resource}: ${failure.error}`).join('; ');
    super(
      `shutdown ended "${result.outcome}"${result.cutRequests > 0 ? ` (${result.cutRequests} requests cut)` : ''}${failures ? `: ${failures}` : ''}`,
    );
  }
}

/**
 * Opens resources in order and registers each with Chapter 8's graceful shutdown as soon as it exists, so a start
 * that fails half-way closes exactly what it opened, and a stop closes everything in reverse order.
 */
export class ServiceLifecycle {
  readonly shutdown: GracefulShutdown;

  constructor(options: { drainTimeoutMs: number; log: ShutdownLog; onShutdownStart?: () => void }) {
    this.shutdown = new GracefulShutdown({
      drainTimeoutMs: options.drainTimeoutMs,
      resourceTimeoutMs: 5_000,
      log: options.log,
      ...(options.onShutdownStart ? { onShutdownStart: options.onShutdownStart } : {}),
    });
  }

  /** Opens one resource and registers its close. */
  async open<T>(name: string, open: () => Promise<T> | T, close: (resource: T) => Promise<void> | void): Promise<T> {
    const resource = await open();
    this.shutdown.register(name, () => close(resource));
    return resource;
  }

  /** Runs `start`; if it throws, closes what was opened so far and rethrows the original error. */
  async starting<T>(start: () => Promise<T>): Promise<T> {
    try {
      return await start();
    } catch (error) {
      await this.shutdown.shutdown('start-up failed');
      throw error;
    }
  }

  async stop(): Promise<ShutdownResult> {
    const result = await this.shutdown.shutdown('stop requested');
    if (result.outcome !== 'clean') throw new UncleanShutdownError(result);
    return result;
  }
}
