import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecureApp } from '../../../chapters/03-security/app.js';
import {
  ada,
  call,
  listen,
  securityFixture,
  type JsonResponse,
  type RunningServer,
} from '../../chapters/03-security/support/security-app.js';
import {
  clearRefreshCookie,
  createCookieAuthRouter,
  readRefreshCookie,
  REFRESH_COOKIE,
  serializeRefreshCookie,
} from '#exercise/03-security/03-refresh-cookie';

const origin = 'https://app.example.com';
let server: RunningServer;

beforeAll(async () => {
  const fx = await securityFixture();
  server = await listen(
    createSecureApp({
      ...fx.deps,
      mount(app) {
        app.use('/browser', (req, res, next) =>
          createCookieAuthRouter({ auth: fx.auth, allowedOrigins: [origin], refreshTtlSeconds: 3600 })(req, res, next),
        );
      },
    }),
  );
});
afterAll(async () => server.close());

function cookieFrom(response: JsonResponse): string {
  const setCookie = response.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0] ?? '';
}

describe('03.3 refresh token in a hardened cookie', () => {
  it('serializes with HttpOnly, Secure, SameSite=Strict, a path and a max age', () => {
    expect(serializeRefreshCookie('abc.def', 60)).toBe(
      `${REFRESH_COOKIE}=abc.def; Max-Age=60; Path=/auth; HttpOnly; Secure; SameSite=Strict`,
    );
    expect(clearRefreshCookie()).toBe(`${REFRESH_COOKIE}=; Max-Age=0; Path=/auth; HttpOnly; Secure; SameSite=Strict`);
    expect(() => serializeRefreshCookie('a;b', 60)).toThrow(TypeError);
    expect(() => serializeRefreshCookie('abc', 1.5)).toThrow(RangeError);
  });

  it('names the cookie with the __Secure- prefix, so browsers take it only over HTTPS', () => {
    expect(serializeRefreshCookie('abc', 60)).toMatch(/^__Secure-refresh=abc; /);
    expect(readRefreshCookie('__Secure-refresh=abc')).toBe('abc');
  });

  it('says what was wrong with a token or max age it refuses', () => {
    expect(() => serializeRefreshCookie('a;b', 60)).toThrow(/\w/);
    expect(() => serializeRefreshCookie('abc', 1.5)).toThrow('1.5');
  });

  it('takes the path it is given for both cookies', () => {
    expect(serializeRefreshCookie('abc', 60, '/api/auth')).toBe(
      `${REFRESH_COOKIE}=abc; Max-Age=60; Path=/api/auth; HttpOnly; Secure; SameSite=Strict`,
    );
    expect(clearRefreshCookie('/api/auth')).toBe(
      `${REFRESH_COOKIE}=; Max-Age=0; Path=/api/auth; HttpOnly; Secure; SameSite=Strict`,
    );
  });

  it('accepts every b64token character, padding at the end, and a max age of 0', () => {
    expect(serializeRefreshCookie('aZ09-._~+/==', 0)).toBe(
      `${REFRESH_COOKIE}=aZ09-._~+/==; Max-Age=0; Path=/auth; HttpOnly; Secure; SameSite=Strict`,
    );
  });

  it.each([
    ['empty', ''],
    ['with a space', 'a b'],
    ['with a comma', 'a,b'],
    ['quoted', '"abc"'],
    ['padded in the middle', 'ab=c'],
    ['only padding', '=='],
    ['with a line break at the end', 'abc\n'],
  ])('refuses a token %s that cannot travel as a cookie value', (_name, token) => {
    expect(() => serializeRefreshCookie(token, 60)).toThrow(TypeError);
  });

  it('refuses a negative or missing max age', () => {
    expect(() => serializeRefreshCookie('abc', -1)).toThrow(RangeError);
    expect(() => serializeRefreshCookie('abc', Number.NaN)).toThrow(RangeError);
  });

  it('keeps the padding of a base64 value', () => {
    expect(readRefreshCookie(`${REFRESH_COOKIE}=abc==`)).toBe('abc==');
  });

  it('reads only the cookie of exactly its name', () => {
    expect(readRefreshCookie(`x${REFRESH_COOKIE}=evil; ${REFRESH_COOKIE}2=evil`)).toBeUndefined();
    expect(readRefreshCookie(`x${REFRESH_COOKIE}=evil; ${REFRESH_COOKIE}=good`)).toBe('good');
  });

  it('reads exactly one cookie of its name and ignores a tossed duplicate', () => {
    expect(readRefreshCookie(`theme=dark; ${REFRESH_COOKIE}=tok.en ; x=1`)).toBe('tok.en');
    expect(readRefreshCookie(`${REFRESH_COOKIE}=one; ${REFRESH_COOKIE}=two`)).toBeUndefined();
    expect(readRefreshCookie(`${REFRESH_COOKIE}=`)).toBeUndefined();
    expect(readRefreshCookie(undefined)).toBeUndefined();
  });

  it('signs in with the refresh token in the cookie only, then rotates it from the cookie', async () => {
    const login = await call(`${server.url}/browser/login`, { body: { email: ada.email, password: ada.password } });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; Secure; SameSite=Strict$/);
    expect(login.body).not.toHaveProperty('refreshToken');
    expect(login.body).toHaveProperty('accessToken');
    const refreshed = await call(`${server.url}/browser/refresh`, {
      method: 'POST',
      headers: { origin, cookie: cookieFrom(login) },
    });
    expect(refreshed.status).toBe(200);
    expect(cookieFrom(refreshed)).not.toBe(cookieFrom(login));
  });

  it('keeps every refresh field out of the body and no copy in any cache, on both routes', async () => {
    const login = await call(`${server.url}/browser/login`, { body: { email: ada.email, password: ada.password } });
    const refreshed = await call(`${server.url}/browser/refresh`, {
      method: 'POST',
      headers: { origin, cookie: cookieFrom(login) },
    });
    for (const response of [login, refreshed]) {
      expect(response.body).toHaveProperty('accessToken');
      expect(response.body).not.toHaveProperty('refreshToken');
      expect(response.body).not.toHaveProperty('refreshExpiresIn');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('set-cookie')).toMatch(
        new RegExp(`^${REFRESH_COOKIE}=[^;]+; Max-Age=3600; Path=/auth; HttpOnly; Secure; SameSite=Strict$`),
      );
    }
  });

  it('answers 400 to a malformed sign-in and 401 to a wrong password, setting no cookie', async () => {
    const malformed = await call(`${server.url}/browser/login`, { body: { email: 'not an email' } });
    expect(malformed.status).toBe(400);
    const wrong = await call(`${server.url}/browser/login`, { body: { email: ada.email, password: 'wrong password' } });
    expect(wrong.status).toBe(401);
    expect([malformed.headers.get('set-cookie'), wrong.headers.get('set-cookie')]).toEqual([null, null]);
  });

  it('answers 403 to a refresh from another origin or with no Origin, and 401 without the cookie', async () => {
    const login = await call(`${server.url}/browser/login`, { body: { email: ada.email, password: ada.password } });
    const evil = await call(`${server.url}/browser/refresh`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', cookie: cookieFrom(login) },
    });
    expect(evil.status).toBe(403);
    expect(evil.body.code).toBe('CROSS_SITE_REQUEST');
    expect(evil.body.detail).toMatch(/\w/);
    expect(
      (await call(`${server.url}/browser/refresh`, { method: 'POST', headers: { cookie: cookieFrom(login) } })).status,
    ).toBe(403);
    const noCookie = await call(`${server.url}/browser/refresh`, { method: 'POST', headers: { origin } });
    expect(noCookie.status).toBe(401);
    expect(noCookie.body.detail).toMatch(/\w/);
  });
});
