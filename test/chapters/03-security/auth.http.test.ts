import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSecureApp } from '../../../chapters/03-security/app.js';
import { ACCESS_TOKEN_TYPE, createTokenService } from '../../../chapters/03-security/auth/token-service.js';
import {
  ada,
  bearer,
  call,
  grace,
  listen,
  securityFixture,
  TEST_SECRET,
  type JsonResponse,
  type RunningServer,
  type SecurityFixture,
} from './support/security-app.js';

// Every attack runs against one server, in order; the last test proves the process still serves after all of them.
let fx: SecurityFixture;
let server: RunningServer;
const onUnexpectedError = vi.fn();

beforeAll(async () => {
  fx = await securityFixture({ onUnexpectedError });
  server = await listen(createSecureApp(fx.deps));
});
afterAll(async () => {
  await server.close();
});

const login = (body: unknown): Promise<JsonResponse> => call(`${server.url}/auth/login`, { body });
const me = (headers: Record<string, string> = {}): Promise<JsonResponse> => call(`${server.url}/users/me`, { headers });
async function tokensOf(user: {
  email: string;
  password: string;
}): Promise<{ accessToken: string; refreshToken: string }> {
  const response = await login({ email: user.email, password: user.password });
  expect(response.status).toBe(200);
  return response.body as { accessToken: string; refreshToken: string };
}

/** A token signed with the right secret but claims chosen by the test. */
function forge(claims: Record<string, unknown>, options: jwt.SignOptions = {}): string {
  return jwt.sign(
    { sub: fx.adaId, fam: 'forged-session', roles: ['user', 'admin'], token_use: 'access', ...claims },
    TEST_SECRET,
    {
      algorithm: 'HS256',
      header: { alg: 'HS256', typ: ACCESS_TOKEN_TYPE },
      issuer: fx.config.issuer,
      audience: fx.config.audience,
      expiresIn: 60,
      jwtid: 'forged',
      ...options,
    },
  );
}

function expectChallenge(response: JsonResponse, error?: 'invalid_token'): void {
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const challenge = response.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer realm="workbook"/);
  if (error) expect(challenge).toContain(`error="${error}"`);
  else expect(challenge).not.toContain('error=');
  expect(response.body.status).toBe(401);
}

describe('sign-in over HTTP', () => {
  it('answers 200 with a Bearer access token, a refresh token and Cache-Control: no-store', async () => {
    const response = await login({ email: 'ADA@example.com', password: ada.password });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 300 });
    expect(typeof response.body.refreshToken).toBe('string');
  });

  it('gives an unknown email and a wrong password the same status, code, detail and challenge', async () => {
    const unknown = await login({ email: 'nobody@example.com', password: ada.password });
    const wrong = await login({ email: ada.email, password: 'not the password' });
    expectChallenge(unknown);
    expect(wrong.status).toBe(unknown.status);
    expect(wrong.headers.get('www-authenticate')).toBe(unknown.headers.get('www-authenticate'));
    expect(wrong.body).toEqual(unknown.body);
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
  });

  it.each([
    ['an operator object as the email', { email: { $gt: '' }, password: 'x' }],
    ['an operator object as the password', { email: ada.email, password: { $ne: null } }],
    ['an extra key', { email: ada.email, password: ada.password, role: 'admin' }],
    ['no body fields', {}],
  ])('answers 400 to %s and signs nobody in', async (_label, body) => {
    const response = await login(body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body).not.toHaveProperty('accessToken');
  });

  it('answers 400 to a body that is not JSON', async () => {
    expect((await login('{"email": ')).status).toBe(400);
  });
});

describe('GET /users/me and the admin route', () => {
  it('returns the profile with roles and never a password or hash', async () => {
    const { accessToken } = await tokensOf(ada);
    const response = await me(bearer(accessToken));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: fx.adaId, email: ada.email, roles: ['user'] });
    expect(JSON.stringify(response.body)).not.toMatch(/password|scrypt/i);
  });

  it('accepts the scheme name in any case', async () => {
    const { accessToken } = await tokensOf(ada);
    expect((await me({ authorization: `bearer ${accessToken}` })).status).toBe(200);
    expect((await me({ authorization: `BEARER  ${accessToken}` })).status).toBe(200);
  });

  it('answers 403 INSUFFICIENT_ROLE to a signed-in user without the admin role, and 200 to an admin', async () => {
    const user = await tokensOf(ada);
    const admin = await tokensOf(grace);
    const denied = await call(`${server.url}/admin/users/${fx.adaId}`, { headers: bearer(user.accessToken) });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('INSUFFICIENT_ROLE');
    const allowed = await call(`${server.url}/admin/users/${fx.adaId}`, { headers: bearer(admin.accessToken) });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ id: fx.adaId, roles: ['user'] });
  });

  it('answers 401 (not 403) on the admin route without a token', async () => {
    expectChallenge(await call(`${server.url}/admin/users/${fx.adaId}`));
  });
});

// #region attacks
describe('every forged, stale or misused token is a 401 with a Bearer challenge, never a 500', () => {
  it('refuses a request with no Authorization header, with a bare challenge', async () => {
    expectChallenge(await me());
  });

  it('refuses another scheme (Basic) with a bare challenge', async () => {
    expectChallenge(await me({ authorization: `Basic ${Buffer.from('ada:pw').toString('base64')}` }));
  });

  it.each([
    ['a token that is not a JWT', 'Bearer not-a-jwt'],
    ['three dots of garbage', 'Bearer a.b.c'],
    ['two tokens', 'Bearer aaa bbb'],
    ['the scheme with no token', 'Bearer'],
    ['a 6 KB token', `Bearer ${'a'.repeat(6000)}`],
  ])('refuses %s as invalid_token', async (_label, authorization) => {
    expectChallenge(await me({ authorization }), 'invalid_token');
  });

  it('refuses a token signed with another secret', async () => {
    const token = jwt.sign({ sub: fx.adaId }, 'another-secret-that-is-also-32-bytes-long!', {
      algorithm: 'HS256',
      header: { alg: 'HS256', typ: ACCESS_TOKEN_TYPE },
    });
    expectChallenge(await me(bearer(token)), 'invalid_token');
  });

  it('refuses alg none, even with perfect claims', async () => {
    const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      sub: fx.adaId,
      fam: 'x',
      roles: ['admin'],
      token_use: 'access',
      jti: 'x',
      iss: fx.config.issuer,
      aud: fx.config.audience,
      iat: now,
      exp: now + 60,
    };
    const token = `${part({ alg: 'none', typ: ACCESS_TOKEN_TYPE })}.${part(payload)}.`;
    expectChallenge(await me(bearer(token)), 'invalid_token');
  });

  it('refuses HS512 with the right secret: the algorithm is pinned', async () => {
    expectChallenge(
      await me(bearer(forge({}, { algorithm: 'HS512', header: { alg: 'HS512', typ: ACCESS_TOKEN_TYPE } }))),
      'invalid_token',
    );
  });

  it('refuses an expired token and says so in error_description', async () => {
    const past = createTokenService(fx.config, () => Date.now() - 10 * 60_000);
    const { token } = past.issueAccess({ userId: fx.adaId, roles: ['user'], sessionId: 's' });
    const response = await me(bearer(token));
    expectChallenge(response, 'invalid_token');
    expect(response.headers.get('www-authenticate')).toContain('error_description="the token expired"');
  });

  it('refuses a token that is not valid yet', async () => {
    expectChallenge(await me(bearer(forge({}, { notBefore: 120 }))), 'invalid_token');
  });

  it.each([
    ['audience', { audience: 'urn:someone:else' }],
    ['issuer', { issuer: 'urn:someone:else' }],
  ])('refuses a token for the wrong %s', async (_label, options) => {
    expectChallenge(await me(bearer(forge({}, options))), 'invalid_token');
  });

  it('refuses a refresh token used as an access token', async () => {
    const { refreshToken } = await tokensOf(ada);
    expectChallenge(await me(bearer(refreshToken)), 'invalid_token');
  });

  it('refuses an access token header with typ at+jwt but token_use refresh', async () => {
    expectChallenge(await me(bearer(forge({ token_use: 'refresh' }))), 'invalid_token');
  });

  it('refuses an access token sent to /auth/refresh', async () => {
    const { accessToken } = await tokensOf(ada);
    expectChallenge(await call(`${server.url}/auth/refresh`, { body: { refreshToken: accessToken } }), 'invalid_token');
  });
});
// #endregion attacks

describe('refresh rotation, reuse detection and logout', () => {
  it('rotates: a refresh token gives a new pair and cannot be used twice', async () => {
    const first = await tokensOf(ada);
    const rotated = await call(`${server.url}/auth/refresh`, { body: { refreshToken: first.refreshToken } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first.refreshToken);
    expect((await me(bearer(String(rotated.body.accessToken)))).status).toBe(200);
  });

  // #region reuse
  it('revokes the whole family when a rotated refresh token is replayed', async () => {
    const first = await tokensOf(ada);
    const second = (await call(`${server.url}/auth/refresh`, { body: { refreshToken: first.refreshToken } })).body;
    const replay = await call(`${server.url}/auth/refresh`, { body: { refreshToken: first.refreshToken } });
    expectChallenge(replay, 'invalid_token');
    expect(replay.headers.get('www-authenticate')).toContain('already used');
    // The thief's replay ended the session for everyone holding its tokens, the newest ones included.
    expectChallenge(
      await call(`${server.url}/auth/refresh`, { body: { refreshToken: second.refreshToken } }),
      'invalid_token',
    );
    expectChallenge(await me(bearer(String(second.accessToken))), 'invalid_token');
    expectChallenge(await me(bearer(first.accessToken)), 'invalid_token');
  });
  // #endregion reuse

  it('lets exactly one of two concurrent refreshes with one token win, then revokes the family', async () => {
    const { refreshToken } = await tokensOf(ada);
    const both = await Promise.all([0, 1].map(() => call(`${server.url}/auth/refresh`, { body: { refreshToken } })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
    const winner = both.find((r) => r.status === 200);
    expectChallenge(await me(bearer(String(winner?.body.accessToken))), 'invalid_token');
  });

  it('revokes the session on logout: its access and refresh tokens stop working, other sessions do not', async () => {
    const session = await tokensOf(ada);
    const other = await tokensOf(ada);
    const out = await call(`${server.url}/auth/logout`, { method: 'POST', headers: bearer(session.accessToken) });
    expect(out.status).toBe(204);
    expectChallenge(await me(bearer(session.accessToken)), 'invalid_token');
    expectChallenge(
      await call(`${server.url}/auth/refresh`, { body: { refreshToken: session.refreshToken } }),
      'invalid_token',
    );
    expect((await me(bearer(other.accessToken))).status).toBe(200);
  });

  it('answers 401 to logout without a token', async () => {
    expectChallenge(await call(`${server.url}/auth/logout`, { method: 'POST' }));
  });
});

describe('after every attack above', () => {
  it('still serves sign-in and the profile, and never reported an unexpected error', async () => {
    const { accessToken } = await tokensOf(grace);
    expect((await me(bearer(accessToken))).status).toBe(200);
    expect(onUnexpectedError).not.toHaveBeenCalled();
  });
});
