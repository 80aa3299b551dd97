import { AppError, ServiceUnavailableError } from '../../02-architecture/errors/app-error.js';

/** 429 with `Retry-After` in whole seconds, rounded up, so a client that waits exactly that long gets through. */
export class TooManyRequestsError extends AppError {
  readonly code = 'RATE_LIMITED';
  readonly status = 429;
  readonly title = 'Too many requests';

  constructor(
    readonly retryAfterSeconds: number,
    readonly policy: string,
  ) {
    super(`The ${policy} rate limit is reached; retry in ${retryAfterSeconds} s`);
  }

  override headers(): Record<string, string> {
    return { 'Retry-After': String(this.retryAfterSeconds) };
  }

  override extensions(): Record<string, unknown> {
    return { retryAfterSeconds: this.retryAfterSeconds, policy: this.policy };
  }
}

/** 503 from a fail-closed limiter whose store does not answer: we cannot tell whether this caller is within limits. */
export class RateLimiterUnavailableError extends ServiceUnavailableError {
  override readonly code = 'RATE_LIMITER_UNAVAILABLE';
}
