import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecureApp } from '../../../chapters/03-security/app.js';
import { ada, call, listen, securityFixture, type JsonResponse, type RunningServer } from '../../chapters/03-security/support/security-app.js';
import { clearRefreshCookie, createCookieAuthRouter, readRefreshCookie, REFRESH_COOKIE, serializeRefreshCookie } from '#exercise/03-security/03-refresh-cookie';

const origin = 'https://app.example.com';
let server: RunningServer;

beforeAll(async () => {
  const fx = await securityFixture();
  server = await listen(
    createSecureApp({
      ...fx.deps,
      mount(app) {
        app.use('/browser', (req, res, next) => createCookieAuthRouter({ auth: fx.auth, allowedOrigins: [origin], refreshTtlSeconds: 3600 })(req, res, next));
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
    expect(serializeRefreshCookie('abc.def', 60)).toBe(`${REFRESH_COOKIE}=abc.def; Max-Age=60; Path=/auth; HttpOnly; Secure; SameSite=Strict`);
    expect(clearRefreshCookie()).toBe(`${REFRESH_COOKIE}=; Max-Age=0; Path=/auth; HttpOnly; Secure; SameSite=Strict`);
    expect(() => serializeRefreshCookie('a;b', 60)).toThrow(TypeError);
    expect(() => serializeRefreshCookie('abc', 1.5)).toThrow(RangeError);
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
    const refreshed = await call(`${server.url}/browser/refresh`, { method: 'POST', headers: { origin, cookie: cookieFrom(login) } });
    expect(refreshed.status).toBe(200);
    expect(cookieFrom(refreshed)).not.toBe(cookieFrom(login));
  });

  it('answers 403 to a refresh from another origin or with no Origin, and 401 without the cookie', async () => {
    const login = await call(`${server.url}/browser/login`, { body: { email: ada.email, password: ada.password } });
    const evil = await call(`${server.url}/browser/refresh`, { method: 'POST', headers: { origin: 'https://evil.example', cookie: cookieFrom(login) } });
    expect(evil.status).toBe(403);
    expect(evil.body.code).toBe('CROSS_SITE_REQUEST');
    expect((await call(`${server.url}/browser/refresh`, { method: 'POST', headers: { cookie: cookieFrom(login) } })).status).toBe(403);
    expect((await call(`${server.url}/browser/refresh`, { method: 'POST', headers: { origin } })).status).toBe(401);
  });
});
