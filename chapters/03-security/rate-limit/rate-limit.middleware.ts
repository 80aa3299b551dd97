import type { Request, RequestHandler, Response } from 'express';
import { findPrincipal } from '../auth/bearer-auth.middleware.js';
import { addressKey, checkIpv6PrefixLength, DEFAULT_IPV6_PREFIX_LENGTH } from './address-key.js';
import { TooManyRequestsError } from './rate-limit-errors.js';
import type { RateLimitDecision, RateLimitPolicy, RateLimiter } from './rate-limiter.port.js';

export interface IdentityKeyOptions {
  /** How many leading bits of an IPv6 address name one client: 64 by default (one subscriber's network). */
  readonly ipv6PrefixLength?: number;
}

// #region identity-key
/**
 * A `keyOf` for `rateLimit`: the user after authentication, else the client's address key (IPv6 by its network, see
 * `addressKey`). `req.ip` honours the app's `trust proxy` setting, and only that: with `false` it is the socket
 * address, which a client cannot forge.
 */
export function createIdentityKey(options: IdentityKeyOptions = {}): (req: Request, res: Response) => string {
  const prefixLength = checkIpv6PrefixLength(options.ipv6PrefixLength ?? DEFAULT_IPV6_PREFIX_LENGTH);
  return (req, res) => {
    const principal = findPrincipal(res);
    if (principal) return `user:${principal.userId}`;
    return addressKey(req.ip ?? req.socket.remoteAddress ?? 'unknown', prefixLength);
  };
}
// #endregion identity-key

/** Who a request counts against, with the default /64 for IPv6: `user:<id>`, `ip:203.0.113.7` or `ip:2001:db8::/64`. */
export const identityKey: (req: Request, res: Response) => string = createIdentityKey();

// #region headers
/**
 * The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers, structured fields). `RateLimit-Policy` names the
 * policy's quota `q` and window `w` in seconds: the same on every answer, so the middleware builds it once.
 */
export function rateLimitPolicyHeader(policy: RateLimitPolicy): string {
  return `"${policy.name}";q=${policy.limit};w=${wholeSeconds(policy.windowMs)}`;
}

/** `RateLimit`: what this decision left, `r`, and the seconds `t` until more is available. */
export function rateLimitHeader(policy: RateLimitPolicy, decision: RateLimitDecision): string {
  return `"${policy.name}";r=${decision.remaining};t=${wholeSeconds(decision.resetMs)}`;
}

function wholeSeconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}
// #endregion headers

export interface RateLimitOptions {
  readonly limiter: RateLimiter;
  /** Defaults to `identityKey`: user id when signed in, else the client's address (IPv6 by its /64). */
  readonly keyOf?: (req: Request, res: Response) => string;
}

// #region middleware
/**
 * Express middleware: headers on every answer, a 429 with `Retry-After` when refused. A refused request is not
 * counted and nothing escalates to a ban, so a client that waits `Retry-After` seconds gets through.
 *
 * @example
 * router.post('/login', rateLimit({ limiter: loginLimiter }), handler);
 */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  const keyOf = options.keyOf ?? identityKey;
  const { limiter } = options;
  const { policy } = limiter;
  const policyHeader = rateLimitPolicyHeader(policy);
  return async (req, res, next) => {
    const decision = await limiter.consume(keyOf(req, res));
    res.setHeader('RateLimit-Policy', policyHeader);
    res.setHeader('RateLimit', rateLimitHeader(policy, decision));
    if (!decision.allowed)
      throw new TooManyRequestsError(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)), policy.name);
    next();
  };
}
// #endregion middleware
