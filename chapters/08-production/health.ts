/**
 * Liveness and readiness, kept apart on purpose.
 * - Liveness answers "is this process able to serve at all?" and checks nothing external: if it checked the
 *   database, a database outage would make Kubernetes restart every replica, which fixes nothing.
 * - Readiness answers "should traffic come here now?": dependencies reachable and not shutting down. Each check has
 *   its own timeout, so one hung dependency cannot hang the probe, and the answer names what failed.
 */
import { Router } from 'express';
import type { Request, Response } from 'express';
import { CodedError } from '../../platform/errors/coded-error.js';

/** One dependency the service needs to serve traffic. */
export interface DependencyCheck {
  /** Named in the readiness answer: `mongo`, `redis`, `amqp`. */
  readonly name: string;
  /** Resolves when the dependency answers; should stop work when `signal` aborts (it does on timeout). */
  check(signal: AbortSignal): Promise<void>;
  /** Overrides the default per-check timeout. */
  readonly timeoutMs?: number;
  /**
   * Default true: a failure makes the instance not ready (503). False for a dependency the service can serve
   * without (a cache, a limiter store with a local fallback): its failure reports `degraded` and readiness stays 200,
   * because taking every replica out of rotation over a cache outage would turn a slowdown into a full outage.
   */
  readonly critical?: boolean;
}

export interface CheckResult {
  readonly name: string;
  readonly status: 'up' | 'down';
  readonly durationMs: number;
  /** Why it is down: the error message, or `timed out after N ms`. */
  readonly error?: string;
}

export interface ReadinessReport {
  /** `degraded`: every critical check passed, some non-critical one failed (still 200). */
  readonly status: 'ready' | 'degraded' | 'not-ready' | 'shutting-down';
  /** Names of the critical checks that failed; empty when ready or degraded. */
  readonly failing: readonly string[];
  /** Names of the non-critical checks that failed: the service answers, with less (no cache, local limits). */
  readonly degraded: readonly string[];
  readonly checks: readonly CheckResult[];
}

export interface HealthOptions {
  readonly checks?: readonly DependencyCheck[];
  /** Default per-check timeout in ms (default 1000). Keep it under the probe's own `timeoutSeconds`. */
  readonly timeoutMs?: number;
  /** Monotonic milliseconds; injectable for tests. */
  readonly now?: () => number;
}

export class CheckTimeoutError extends CodedError {
  readonly code = 'HEALTH_CHECK_TIMEOUT';
  constructor(
    readonly check: string,
    readonly timeoutMs: number,
  ) {
    super(`timed out after ${timeoutMs} ms`);
  }
}

// #region run-check
/**
 * Runs one check with its own deadline. The race matters: a check that ignores its signal still loses to the
 * timeout, so the probe answers in time even when a client library hangs.
 */
export async function runCheck(check: DependencyCheck, timeoutMs: number, now: () => number): Promise<CheckResult> {
  const limit = check.timeoutMs ?? timeoutMs;
  const signal = AbortSignal.timeout(limit);
  const started = now();
  let onAbort: (() => void) | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(new CheckTimeoutError(check.name, limit));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([Promise.resolve().then(() => check.check(signal)), timedOut]);
    return { name: check.name, status: 'up', durationMs: now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name: check.name, status: 'down', durationMs: now() - started, error: message };
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    timedOut.catch(() => undefined); // the loser of the race must not become an unhandled rejection
  }
}
// #endregion run-check

/** Readiness state and checks for one process. */
export class Health {
  readonly #checks: readonly DependencyCheck[];
  readonly #timeoutMs: number;
  readonly #now: () => number;
  #shuttingDown = false;

  constructor(options: HealthOptions = {}) {
    const names = new Set<string>();
    for (const check of options.checks ?? []) {
      if (names.has(check.name)) throw new RangeError(`duplicate health check "${check.name}": names must be unique`);
      names.add(check.name);
    }
    const timeoutMs = options.timeoutMs ?? 1000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
    }
    this.#checks = [...(options.checks ?? [])];
    this.#timeoutMs = timeoutMs;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Called by graceful shutdown first: readiness fails from now on, so the load balancer stops sending traffic. */
  markShuttingDown(): void {
    this.#shuttingDown = true;
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Liveness: if this code runs, the event loop turns and the process can answer. Nothing external. */
  liveness(): { status: 'alive' } {
    return { status: 'alive' };
  }

  /** Runs every check concurrently, each with its own timeout. */
  async readiness(): Promise<ReadinessReport> {
    if (this.#shuttingDown) return { status: 'shutting-down', failing: [], degraded: [], checks: [] };
    const checks = await Promise.all(this.#checks.map((check) => runCheck(check, this.#timeoutMs, this.#now)));
    const failing: string[] = [];
    const degraded: string[] = [];
    this.#checks.forEach((check, index) => {
      if (checks[index]?.status === 'down') (check.critical === false ? degraded : failing).push(check.name);
    });
    const status = failing.length > 0 ? 'not-ready' : degraded.length > 0 ? 'degraded' : 'ready';
    return { status, failing, degraded, checks };
  }
}

export interface HealthRoutesOptions {
  readonly livenessPath?: string;
  readonly readinessPath?: string;
}

// #region routes
/**
 * Express routes: `GET /health/live` (200 while the process runs) and `GET /health/ready` (200 when ready or
 * degraded, 503 naming the failing dependency). Mount them before authentication: probes carry no credentials.
 *
 * @example app.use(healthRoutes(health));
 */
export function healthRoutes(health: Health, options: HealthRoutesOptions = {}): Router {
  const router = Router();
  router.get(options.livenessPath ?? '/health/live', (_req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    res.status(200).json(health.liveness());
  });
  router.get(options.readinessPath ?? '/health/ready', async (_req: Request, res: Response) => {
    const report = await health.readiness();
    res.setHeader('cache-control', 'no-store');
    res.status(report.status === 'ready' || report.status === 'degraded' ? 200 : 503).json(report);
  });
  return router;
}
// #endregion routes
