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

/** The `Set-Cookie` value carrying a refresh token: script cannot read it, other sites cannot send it. */
export function serializeRefreshCookie(_token: string, _maxAgeSeconds: number, _path = '/auth'): string {
  // TODO(03.3): `${REFRESH_COOKIE}=<token>; Max-Age=<n>; Path=<path>; HttpOnly; Secure; SameSite=Strict`.
  // Refuse a token that is not a b64token (TypeError) and a negative or fractional max age (RangeError).
  throw new TodoError('03.3');
}

/** The `Set-Cookie` value that deletes the cookie. */
export function clearRefreshCookie(_path = '/auth'): string {
  // TODO(03.3): the same attributes with an empty value and Max-Age=0.
  throw new TodoError('03.3');
}

/** The refresh token from a `Cookie` header; undefined when absent, empty, or present twice (cookie tossing). */
export function readRefreshCookie(_header: string | undefined): string | undefined {
  // TODO(03.3): split on ';', trim, keep pairs named REFRESH_COOKIE; exactly one non-empty value, else undefined.
  throw new TodoError('03.3');
}

/**
 * `POST /login` and `POST /refresh` for browsers: the refresh token travels only in the cookie, never in a body,
 * and `/refresh` checks `Origin` against an allow-list, because the browser attaches cookies to cross-site requests.
 */
export function createCookieAuthRouter(_options: { auth: AuthService; allowedOrigins: readonly string[]; refreshTtlSeconds: number }): Router {
  // TODO(03.3): /login: parseBody(loginBody), auth.login, Set-Cookie the refresh token, answer the rest (no
  // refreshToken or refreshExpiresIn in the body), Cache-Control: no-store. /refresh: Origin must be in the list
  // (else CrossSiteRequestError), the cookie must be there (else MissingCredentialsError), then rotate the same way.
  throw new TodoError('03.3');
}
