import { Router } from 'express';
import { parseBody } from '../../chapters/02-architecture/adapters/http/parse-body.js';
import { ForbiddenError } from '../../chapters/02-architecture/errors/app-error.js';
import { MissingCredentialsError } from '../../chapters/03-security/auth/auth-errors.js';
import type { AuthService } from '../../chapters/03-security/auth/auth.service.js';
import { loginBody } from '../../chapters/03-security/auth/auth.schemas.js';

/** `__Secure-` makes browsers refuse the cookie unless it was set over HTTPS with `Secure`. */
export const REFRESH_COOKIE = '__Secure-refresh';

/** 403 when a cookie-authenticated request does not come from an allowed origin (CSRF). */
export class CrossSiteRequestError extends ForbiddenError {
  override readonly code = 'CROSS_SITE_REQUEST';
}

/** The `Set-Cookie` value carrying a refresh token: script cannot read it, other sites cannot send it. */
export function serializeRefreshCookie(token: string, maxAgeSeconds: number, path = '/auth'): string {
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(token))
    throw new TypeError('a refresh token must be a b64token to travel in a cookie');
  if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 0)
    throw new RangeError(`maxAgeSeconds must be a whole number >= 0, not ${maxAgeSeconds}`);
  return `${REFRESH_COOKIE}=${token}; Max-Age=${maxAgeSeconds}; Path=${path}; HttpOnly; Secure; SameSite=Strict`;
}

/** The `Set-Cookie` value that deletes the cookie. */
export function clearRefreshCookie(path = '/auth'): string {
  return `${REFRESH_COOKIE}=; Max-Age=0; Path=${path}; HttpOnly; Secure; SameSite=Strict`;
}

/** The refresh token from a `Cookie` header; undefined when absent, empty, or present twice (cookie tossing). */
export function readRefreshCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const values = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.startsWith(`${REFRESH_COOKIE}=`))
    .map((pair) => pair.slice(REFRESH_COOKIE.length + 1));
  return values.length === 1 && values[0] ? values[0] : undefined;
}

/**
 * `POST /login` and `POST /refresh` for browsers: the refresh token travels only in the cookie, never in a body,
 * and `/refresh` checks `Origin` against an allow-list, because the browser attaches cookies to cross-site requests.
 */
export function createCookieAuthRouter(options: {
  auth: AuthService;
  allowedOrigins: readonly string[];
  refreshTtlSeconds: number;
}): Router {
  const router = Router();
  router.post('/login', async (req, res) => {
    const body = parseBody(loginBody, req.body);
    const { refreshToken, refreshExpiresIn: _unused, ...access } = await options.auth.login(body.email, body.password);
    res
      .set('Cache-Control', 'no-store')
      .append('Set-Cookie', serializeRefreshCookie(refreshToken, options.refreshTtlSeconds))
      .json(access);
  });
  router.post('/refresh', async (req, res) => {
    const origin = req.get('origin');
    if (!origin || !options.allowedOrigins.includes(origin))
      throw new CrossSiteRequestError("Only the app's own pages may refresh tokens: send Origin");
    const token = readRefreshCookie(req.get('cookie'));
    if (!token) throw new MissingCredentialsError('No refresh cookie: sign in again');
    const { refreshToken, refreshExpiresIn: _unused, ...access } = await options.auth.refresh(token);
    res
      .set('Cache-Control', 'no-store')
      .append('Set-Cookie', serializeRefreshCookie(refreshToken, options.refreshTtlSeconds))
      .json(access);
  });
  return router;
}
