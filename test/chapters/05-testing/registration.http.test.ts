import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import {
  EMAIL_INDEX,
  USERS_COLLECTION,
  type UserDocument,
} from '../../../chapters/02-architecture/adapters/persistence/mongo-user.repository.js';
import { ACCESS_TOKEN_TYPE } from '../../../chapters/03-security/auth/token-service.js';
import { apiClient, type ApiClient } from '../../../chapters/05-testing/harness/api-client.js';
import { expectResponse } from '../../../chapters/05-testing/harness/api-contract.js';
import { listenOnLoopback } from '../../../chapters/05-testing/harness/loopback-server.js';
import { createTestData, type NewUser } from '../../../chapters/05-testing/harness/test-data.js';
import { buildTestApp, TEST_AUTH_SECRET } from '../../../chapters/05-testing/harness/test-app.js';
import { useHarness } from './support/harness-fixture.js';

const harness = useHarness('registration.http');
const data = createTestData();

// #region checks
/** Registers `user` twice and expects 201, then 409 EMAIL_TAKEN. Throws if the second registration got in. */
async function expectDuplicateEmailRefused(api: ApiClient, user: NewUser): Promise<void> {
  expectResponse('POST /users', 201, await api.send('POST', '/users', { body: user }));
  const second = expectResponse(
    'POST /users',
    409,
    await api.send('POST', '/users', { body: { ...user, name: 'Someone Else' } }),
  );
  expect(second.code).toBe('EMAIL_TAKEN');
}

/**
 * The stored password is there, is not the password, and verifies as a hash of it. The guide's
 * `expect(user.password).not.toBe(password)` passes when nothing is stored: `undefined` is not the password either.
 */
async function expectPasswordStoredHashed(doc: Partial<UserDocument> | null, password: string): Promise<void> {
  const stored = doc?.passwordHash;
  expect(stored, 'a password hash is stored').toEqual(expect.any(String));
  expect(stored).not.toContain(password);
  expect(await harness().app.hasher.verify(password, stored!)).toBe(true);
}

/** The access token verifies with the key, algorithm, issuer and audience a client holding the secret would pin. */
function expectSignedAccessToken(token: string): jwt.JwtPayload {
  const { config } = harness().app;
  const decoded = jwt.verify(token, TEST_AUTH_SECRET, {
    algorithms: ['HS256'],
    issuer: config.issuer,
    audience: config.audience,
    complete: true,
  });
  expect(decoded.header.typ).toBe(ACCESS_TOKEN_TYPE);
  return decoded.payload as jwt.JwtPayload;
}
// #endregion checks

describe('registration over HTTP on the harness (real MongoDB provider, fake email)', () => {
  it('answers 201 with a body that matches the schema the app validates with, and records one welcome email', async () => {
    const { api, app } = harness();
    const user = data.user();
    const body = expectResponse('POST /users', 201, await api.send('POST', '/users', { body: user }));
    expect(body).toEqual({ id: expect.any(String), name: user.name, email: user.email, createdAt: expect.any(String) });
    expect(app.notifier.sent.filter((message) => message.email === user.email)).toEqual([
      { userId: body.id, name: user.name, email: user.email },
    ]);
  });

  it('refuses a second account with the same email (409), enforced by the unique index', async () => {
    await expectDuplicateEmailRefused(harness().api, data.user());
  });

  it('refuses the same email in another case: the index is on the normalised address', async () => {
    const { api } = harness();
    const user = data.user();
    expectResponse('POST /users', 201, await api.send('POST', '/users', { body: user }));
    expectResponse(
      'POST /users',
      409,
      await api.send('POST', '/users', { body: { ...user, email: user.email.toUpperCase() } }),
    );
  });

  it('stores a scrypt hash that verifies, never the password', async () => {
    const { api, services } = harness();
    const user = data.user();
    expectResponse('POST /users', 201, await api.send('POST', '/users', { body: user }));
    const doc = await services.db.collection<UserDocument>(USERS_COLLECTION).findOne({ email: user.email });
    await expectPasswordStoredHashed(doc, user.password);
    expect(doc?.passwordHash).toMatch(/^\$scrypt\$/);
  });

  it('answers 400 with a problem document for a body the request schema refuses, and sends no email', async () => {
    const { api, app } = harness();
    const before = app.notifier.sent.length;
    const problem = expectResponse(
      'POST /users',
      400,
      await api.send('POST', '/users', { body: { name: 'No Password', email: data.user().email } }),
    );
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(app.notifier.sent.length).toBe(before);
  });
});

describe('the checks catch what the guide would miss', () => {
  it('the password check fails when the password is stored in plain text, or not at all', async () => {
    const user = data.user();
    await expect(expectPasswordStoredHashed({ passwordHash: user.password }, user.password)).rejects.toThrow();
    await expect(expectPasswordStoredHashed({}, user.password)).rejects.toThrow(/a password hash is stored/);
    await expect(expectPasswordStoredHashed(null, user.password)).rejects.toThrow();
    // ...where the guide's assertion passes on a user with no password at all:
    expect(({} as { password?: string }).password).not.toBe(user.password);
  });

  it('the duplicate-email check fails once the unique index is gone (run on a database of its own)', async () => {
    const { services } = harness();
    const db = services.mongoClient.db(`${services.db.databaseName}_noindex`);
    const app = await buildTestApp({ db });
    await db.collection(USERS_COLLECTION).dropIndex(EMAIL_INDEX);
    const server = await listenOnLoopback(app.app);
    try {
      // Without the index the second registration gets in, and the same check that passes above reports it.
      await expect(expectDuplicateEmailRefused(apiClient(server.url), data.user())).rejects.toThrow(
        /answered 201, expected 409/,
      );
    } finally {
      await server.close();
      await db.dropDatabase();
    }
  });

  it("the token check verifies the signature: a token of the right shape with a wrong key fails it, and passes the guide's regex", async () => {
    const forged = jwt.sign({ sub: 'someone' }, 'a-key-the-server-never-had-0123456789abcdef', { algorithm: 'HS256' });
    expect(forged).toMatch(/^[\w-]*\.[\w-]*\.[\w-]*$/);
    expect(() => expectSignedAccessToken(forged)).toThrow(/invalid signature/);
  });
});

describe('sign-in and the profile over HTTP', () => {
  async function signedUp(): Promise<NewUser & { id: string }> {
    const user = data.user();
    const body = expectResponse('POST /users', 201, await harness().api.send('POST', '/users', { body: user }));
    return { ...user, id: body.id };
  }

  it('issues an access token that verifies with the key and names the user', async () => {
    const user = await signedUp();
    const tokens = expectResponse(
      'POST /auth/login',
      200,
      await harness().api.send('POST', '/auth/login', { body: { email: user.email, password: user.password } }),
    );
    expect(expectSignedAccessToken(tokens.accessToken).sub).toBe(user.id);
  });

  it('returns the profile for the token, matching the contract, with no password or hash', async () => {
    const user = await signedUp();
    const { api } = harness();
    const tokens = expectResponse(
      'POST /auth/login',
      200,
      await api.send('POST', '/auth/login', { body: { email: user.email, password: user.password } }),
    );
    const raw = await api.send('GET', '/users/me', { token: tokens.accessToken });
    expect(expectResponse('GET /users/me', 200, raw)).toMatchObject({
      id: user.id,
      email: user.email,
      roles: ['user'],
    });
    expect(raw.text).not.toMatch(/password|scrypt/i);
  });

  it('expires the access token when the clock moves past its lifetime: no sleeping, one advance()', async () => {
    const user = await signedUp();
    const { api, app } = harness();
    const tokens = expectResponse(
      'POST /auth/login',
      200,
      await api.send('POST', '/auth/login', { body: { email: user.email, password: user.password } }),
    );
    app.clock.advance((tokens.expiresIn + app.config.clockToleranceSeconds + 1) * 1000);
    const problem = expectResponse(
      'GET /users/me',
      401,
      await api.send('GET', '/users/me', { token: tokens.accessToken }),
    );
    expect(problem.code).toBe('INVALID_TOKEN');
  });

  it('rotates the refresh token and signs out with 204, after which the access token is refused', async () => {
    const user = await signedUp();
    const { api } = harness();
    const first = expectResponse(
      'POST /auth/login',
      200,
      await api.send('POST', '/auth/login', { body: { email: user.email, password: user.password } }),
    );
    const second = expectResponse(
      'POST /auth/refresh',
      200,
      await api.send('POST', '/auth/refresh', { body: { refreshToken: first.refreshToken } }),
    );
    expectResponse('POST /auth/logout', 204, await api.send('POST', '/auth/logout', { token: second.accessToken }));
    expectResponse('GET /users/me', 401, await api.send('GET', '/users/me', { token: second.accessToken }));
  });
});
