import type { Request, RequestHandler } from 'express';
import { AppError } from '../../chapters/02-architecture/errors/app-error.js';

/** 429: the caller sent too many requests; `Retry-After` says when to try again. */
export class TooManyRequestsError extends AppError {
  readonly code = 'RATE_LIMITED';
  readonly status = 429;
  readonly title = 'Too many requests';

  constructor(
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(`Too many requests; try again in ${retryAfterSeconds} s`, options);
  }

  override headers(): Record<string, string> {
    return { 'Retry-After': String(this.retryAfterSeconds) };
  }

  override extensions(): Record<string, unknown> {
    return { retryAfter: this.retryAfterSeconds };
  }
}

/** What rate-limiter-flexible rejects with when the limit is reached (a `RateLimiterRes`). */
export interface LimiterRejection {
  readonly msBeforeNext: number;
}

/** True for a limiter's "limit reached" answer; false for an `Error` (the limiter's store failed). */
export function isLimiterRejection(value: unknown): value is LimiterRejection {
  return (
    !(value instanceof Error) &&
    typeof (value as Partial<LimiterRejection> | null | undefined)?.msBeforeNext === 'number'
  );
}

/** The error for a rejection: whole seconds, rounded up, at least 1 (`Retry-After: 0` invites a hot retry loop). */
export function fromLimiterRejection(rejection: LimiterRejection): TooManyRequestsError {
  return new TooManyRequestsError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
}

/**
 * Middleware that spends one point per request under `keyOf(req)`. Limit reached: a `TooManyRequestsError` for the
 * problem-details middleware. Limiter failure: the error itself goes on (a 500 that is logged), never a fake 429.
 */
export function rateLimitGuard(
  consume: (key: string) => Promise<unknown>,
  keyOf: (req: Request) => string,
): RequestHandler {
  return async (req, _res, next) => {
    try {
      await consume(keyOf(req));
      next();
    } catch (error) {
      next(isLimiterRejection(error) ? fromLimiterRejection(error) : error);
    }
  };
}
