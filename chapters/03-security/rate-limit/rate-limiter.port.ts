// #region port
/** One quota: at most `limit` requests per `windowMs`, named for the `RateLimit-Policy` header. */
export interface RateLimitPolicy {
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
}

/** What a limiter decided for one request. All durations in milliseconds from now. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly limit: number;
  /** Requests still allowed right after this one (0 when refused). */
  readonly remaining: number;
  /** Until the full quota is available again (the `RateLimit` header's `t`); when refused, equals `retryAfterMs`. */
  readonly resetMs: number;
  /** 0 when allowed; when refused, how long until a retry can succeed (`Retry-After`, rounded up). */
  readonly retryAfterMs: number;
}

/**
 * The port every algorithm implements: Redis scripts here, the learner's token bucket in exercise 03.4, and the
 * capstone's choice. A refused request is not counted: calling `consume` again after a refusal costs nothing.
 */
export interface RateLimiter {
  readonly policy: RateLimitPolicy;
  consume(key: string): Promise<RateLimitDecision>;
}
// #endregion port

/** Throws a RangeError unless the policy is usable: a name for headers, a positive whole limit and window. */
export function checkPolicy(policy: RateLimitPolicy): RateLimitPolicy {
  if (!/^[a-z0-9-]{1,32}$/.test(policy.name))
    throw new RangeError(`policy name ${JSON.stringify(policy.name)} must be 1-32 of a-z, 0-9, -`);
  if (!Number.isInteger(policy.limit) || policy.limit < 1)
    throw new RangeError(`limit must be a whole number >= 1, not ${policy.limit}`);
  if (!Number.isInteger(policy.windowMs) || policy.windowMs < 1)
    throw new RangeError(`windowMs must be a whole number of ms >= 1, not ${policy.windowMs}`);
  return policy;
}
