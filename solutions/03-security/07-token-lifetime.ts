import { InvalidTokenError } from '../../chapters/03-security/auth/auth-errors.js';

/** The time claims of a decoded JWT payload, in seconds since the epoch. Untrusted: they came from the token. */
export interface TimeClaims {
  readonly exp?: unknown;
  readonly nbf?: unknown;
}

const isTime = (value: unknown): value is number => Number.isFinite(value);

/**
 * Checks a token's lifetime claims against the clock, allowing `toleranceSeconds` of skew between the server that
 * signed and this one. Refusals are `InvalidTokenError`s.
 */
export function checkTokenLifetime(claims: TimeClaims, nowSeconds: number, toleranceSeconds: number): void {
  if (!isTime(claims.exp)) throw new InvalidTokenError('the token has no valid exp claim');
  // RFC 7519 4.1.4: the token must not be accepted on or after exp.
  if (nowSeconds >= claims.exp + toleranceSeconds) throw new InvalidTokenError('the token expired');
  if (claims.nbf === undefined) return;
  if (!isTime(claims.nbf)) throw new InvalidTokenError('the token has no valid nbf claim');
  if (claims.nbf > nowSeconds + toleranceSeconds) throw new InvalidTokenError('the token is not valid yet');
}
