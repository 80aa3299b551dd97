import type { RequestHandler, Response } from 'express';
import type { Role } from '../users/roles.js';
import { InvalidTokenError, MissingCredentialsError } from './auth-errors.js';
import type { TokenService } from './token-service.js';

/** Who is calling, once the access token checked out. */
export interface Principal {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly sessionId: string;
}

// RFC 6750 section 2.1: `Bearer` (any case), one or more spaces, then a b64token.
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const SCHEME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?: |$)/;

/**
 * The token from an `Authorization` header, or the error to answer with. No header or another scheme (`Basic ...`)
 * is "no credentials" (a bare challenge); a Bearer header with a token that cannot be one is `invalid_token`.
 */
export function bearerTokenFrom(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw new MissingCredentialsError();
  const match = BEARER.exec(header.trim());
  if (match?.[1]) return match[1];
  if (/^bearer(?: |$)/i.test(header.trim()) || !SCHEME.test(header.trim()))
    throw new InvalidTokenError('the Authorization header is not "Bearer <token>"');
  throw new MissingCredentialsError('This route accepts only Bearer tokens: send Authorization: Bearer <token>');
}

export interface RequireAuthOptions {
  readonly tokens: Pick<TokenService, 'verifyAccess'>;
  /** Says whether the session (refresh-token family) is still live; a logout or a reuse revokes it. */
  readonly sessions: { isSessionActive(sessionId: string): Promise<boolean> };
}

// #region require-auth
/**
 * Express middleware that admits only requests with a valid access token of a live session. Every failure is an
 * `UnauthorizedError` passed to the error middleware: a 401 with `WWW-Authenticate: Bearer ...` and problem+json.
 *
 * @example
 * router.get('/me', requireAuth({ tokens, sessions: auth }), showProfile);
 */
export function requireAuth(options: RequireAuthOptions): RequestHandler {
  return async (req, res, next) => {
    const claims = options.tokens.verifyAccess(bearerTokenFrom(req.get('authorization')));
    if (!(await options.sessions.isSessionActive(claims.sessionId)))
      throw new InvalidTokenError('the session was revoked');
    const principal: Principal = { userId: claims.userId, roles: claims.roles, sessionId: claims.sessionId };
    res.locals.principal = principal;
    next();
  };
}
// #endregion require-auth

/** The principal `requireAuth` stored, or undefined on a route it does not guard. */
export function findPrincipal(res: Response): Principal | undefined {
  const value: unknown = res.locals.principal;
  return value && typeof value === 'object' && 'userId' in value ? (value as Principal) : undefined;
}

/** The principal of a guarded route; a 401 if the route was mounted without `requireAuth` (fail closed). */
export function principalOf(res: Response): Principal {
  const principal = findPrincipal(res);
  if (!principal) throw new MissingCredentialsError();
  return principal;
}
