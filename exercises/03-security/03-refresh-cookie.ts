import type { Router } from 'express';
import { ForbiddenError } from '../../chapters/02-architecture/errors/app-error.js';
import type { AuthService } from '../../chapters/03-security/auth/auth.service.js';
import { TodoError } from '../../workbook/todo-error.js';

/** `__Secure-` makes browsers refuse the cookie unless it was set over HTTPS with `Secure`. */
export const REFRESH_COOKIE = '__Secure-refresh';

/** 403 when a cookie-authenticated request does not come from an allowed origin (CSRF). */
export class CrossSiteRequestError extends ForbiddenError {
  override readonly code = 'CROSS_SITE_REQUEST';
}

/**
 * The `Set-Cookie` value carrying a refresh token: script cannot read it, other sites cannot send it. Exactly
 * `__Secure-refresh=<token>; Max-Age=<seconds>; Path=<path>; HttpOnly; Secure; SameSite=Strict`. A token that is not an
 * RFC 6750 b64token (letters, digits, `-._~+/`, then optional `=` padding at the end only) is a TypeError; a max age
 * that is not a whole number >= 0 is a RangeError that names it. Both messages say what was wrong.
 */
export function serializeRefreshCookie(_token: string, _maxAgeSeconds: number, _path = '/auth'): string {
  // TODO(03.3): return the cookie described above.
  throw new TodoError('03.3');
}

/** The `Set-Cookie` value that deletes the cookie: the same attributes, an empty value and `Max-Age=0`. */
export function clearRefreshCookie(_path = '/auth'): string {
  // TODO(03.3): return the cookie described above.
  throw new TodoError('03.3');
}

/**
 * The refresh token from a `Cookie` header (`a=1; __Secure-refresh=<token>; b=2`), the value exactly as sent, `=`
 * padding included. Only a cookie named exactly REFRESH_COOKIE counts. Undefined when there is none, when its value is
 * empty, or when there are two (cookie tossing: a sibling site planted one, and you cannot tell which is yours).
 */
export function readRefreshCookie(_header: string | undefined): string | undefined {
  // TODO(03.3): return the token described above.
  throw new TodoError('03.3');
}

/**
 * `POST /login` and `POST /refresh` for browsers: the refresh token travels only in the cookie, never in a body,
 * and `/refresh` checks `Origin` against an allow-list, because the browser attaches cookies to cross-site requests.
 * - `/login` takes the chapter's sign-in body (a malformed one is a 400, a wrong password a 401, no cookie either way)
 *   and answers what the chapter's login answers, minus `refreshToken` and `refreshExpiresIn`, which go into the cookie
 *   (`Max-Age` = `refreshTtlSeconds`).
 * - `/refresh` answers 403 CrossSiteRequestError unless `Origin` is in `allowedOrigins` (no Origin is not allowed), a
 *   401 MissingCredentialsError without the cookie (each with a message for the problem's detail), and otherwise
 *   rotates the pair the way `/login` answers.
 * - Both answers carry `Cache-Control: no-store`.
 */
export function createCookieAuthRouter(_options: {
  auth: AuthService;
  allowedOrigins: readonly string[];
  refreshTtlSeconds: number;
}): Router {
  // TODO(03.3): return a router with the two routes described above.
  throw new TodoError('03.3');
}
