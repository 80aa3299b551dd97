import type { Request, RequestHandler } from 'express';
import { AppError } from '../../chapters/02-architecture/errors/app-error.js';
import { TodoError } from '../../workbook/todo-error.js';

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

  // TODO(02.3): the problem-details middleware sets whatever headers() returns: send `Retry-After` in seconds.
  override headers(): Record<string, string> {
    throw new TodoError('02.3');
  }

  // TODO(02.3): add `retryAfter` (seconds) to the problem document.
  override extensions(): Record<string, unknown> {
    throw new TodoError('02.3');
  }
}

/** What rate-limiter-flexible rejects with when the limit is reached (a `RateLimiterRes`). */
export interface LimiterRejection {
  readonly msBeforeNext: number;
}

// TODO(02.3): true for a limiter's "limit reached" answer (an object with a numeric msBeforeNext that is not an Error);
// false for an Error, which means the limiter's store failed.
export function isLimiterRejection(_value: unknown): _value is LimiterRejection {
  throw new TodoError('02.3');
}

// TODO(02.3): a TooManyRequestsError whose retryAfterSeconds is msBeforeNext in whole seconds, rounded up, and never
// less than 1.
export function fromLimiterRejection(_rejection: LimiterRejection): TooManyRequestsError {
  throw new TodoError('02.3');
}

// TODO(02.3): a middleware that calls consume(keyOf(req)) once per request and lets the request through when it
// resolves. A "limit reached" rejection becomes a TooManyRequestsError for the error middleware (a 429 with
// Retry-After); any other failure of consume is passed on unchanged (a 500, not a 429).
export function rateLimitGuard(
  _consume: (key: string) => Promise<unknown>,
  _keyOf: (req: Request) => string,
): RequestHandler {
  throw new TodoError('02.3');
}
