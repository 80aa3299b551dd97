import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { AuthConfigError } from '../../../chapters/03-security/auth/auth-config.js';
import { InvalidTokenError } from '../../../chapters/03-security/auth/auth-errors.js';
import { createKeyRing, createRotatingTokenService, type SigningKey } from '#exercise/03-security/02-signing-key-ring';

const key = (id: string, fill: string): SigningKey => ({ id, secret: Buffer.alloc(32, fill) });
const k2024 = key('k2024', 'a');
const k2025 = key('k2025', 'b');
const subject = { userId: 'u1', roles: ['user'] as const, sessionId: 's1' };

function header(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as Record<string, unknown>;
}

function payload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}

/** An access token whose header says `kid`, signed with `secret`, with the chapter's default claims. */
function signedWith(kid: unknown, secret: Buffer): string {
  const claims = { sub: 'u1', fam: 's1', jti: 'j1', token_use: 'access', roles: ['user'] };
  const header = { alg: 'HS256', typ: 'at+jwt', ...(kid === undefined ? {} : { kid }) } as jwt.JwtHeader;
  return jwt.sign(claims, secret, {
    algorithm: 'HS256',
    header,
    issuer: 'urn:workbook:auth',
    audience: 'urn:workbook:api',
    expiresIn: 60,
  });
}

describe('03.2 signing-key ring', () => {
  it('signs with the current key and writes its id as kid', () => {
    const tokens = createRotatingTokenService(createKeyRing(k2025, [k2024]));
    const { token } = tokens.issueAccess(subject);
    expect(header(token)).toMatchObject({ alg: 'HS256', kid: 'k2025', typ: 'at+jwt' });
    expect(tokens.verifyAccess(token)).toMatchObject({ userId: 'u1', sessionId: 's1' });
  });

  it('still accepts a token signed by the previous key during the rotation', () => {
    const before = createRotatingTokenService(createKeyRing(k2024));
    const during = createRotatingTokenService(createKeyRing(k2025, [k2024]));
    expect(during.verifyAccess(before.issueAccess(subject).token).userId).toBe('u1');
  });

  it('refuses a token of a retired key', () => {
    const old = createRotatingTokenService(createKeyRing(k2024)).issueAccess(subject).token;
    const after = createRotatingTokenService(createKeyRing(k2025));
    expect(() => after.verifyAccess(old)).toThrow(InvalidTokenError);
  });

  it('refuses a token without kid, with an unknown kid, or whose kid names a key that did not sign it', () => {
    const tokens = createRotatingTokenService(createKeyRing(k2025, [k2024]));
    const sign = (kid: unknown, secret: Buffer): string =>
      jwt.sign({ sub: 'u1' }, secret, {
        algorithm: 'HS256',
        header: { alg: 'HS256', typ: 'at+jwt', ...(kid === undefined ? {} : { kid }) } as jwt.JwtHeader,
      });
    expect(() => tokens.verifyAccess(sign(undefined, k2025.secret))).toThrow(InvalidTokenError);
    expect(() => tokens.verifyAccess(sign('../../etc/passwd', k2025.secret))).toThrow(InvalidTokenError);
    expect(() => tokens.verifyAccess(sign(42, k2025.secret))).toThrow(InvalidTokenError);
    expect(() => tokens.verifyAccess(sign('k2024', k2025.secret))).toThrow(InvalidTokenError);
    expect(() => tokens.verifyAccess('garbage')).toThrow(InvalidTokenError);
  });

  it('accepts a good token only through the key its kid names', () => {
    const tokens = createRotatingTokenService(createKeyRing(k2025, [k2024]));
    expect(tokens.verifyAccess(signedWith('k2024', k2024.secret)).userId).toBe('u1');
    expect(() => tokens.verifyAccess(signedWith('k2025', k2024.secret))).toThrow(InvalidTokenError);
    expect(() => tokens.verifyAccess(signedWith(undefined, k2025.secret))).toThrow(InvalidTokenError);
    // The reason becomes the challenge's error_description: it must say something.
    expect(() => tokens.verifyAccess(signedWith('k2023', k2025.secret))).toThrow(
      expect.objectContaining({ reason: expect.stringMatching(/\w/) }),
    );
  });

  it('refuses a kid that names a property every object has, not a key', () => {
    const tokens = createRotatingTokenService(createKeyRing(k2025, [k2024]));
    for (const kid of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(() => tokens.verifyAccess(signedWith(kid, k2025.secret))).toThrow(InvalidTokenError);
    }
  });

  it('signs with the shared settings and verifies against them', () => {
    const settings = { issuer: 'urn:test:ring', audience: 'urn:test:api', accessTtlSeconds: 60 };
    const tokens = createRotatingTokenService(createKeyRing(k2025), settings);
    const { token } = tokens.issueAccess(subject);
    expect(payload(token)).toMatchObject({ iss: 'urn:test:ring', aud: 'urn:test:api' });
    expect(Number(payload(token).exp) - Number(payload(token).iat)).toBe(60);
    expect(tokens.verifyAccess(token).userId).toBe('u1');
    const defaults = createRotatingTokenService(createKeyRing(k2025));
    expect(() => defaults.verifyAccess(token)).toThrow(InvalidTokenError);
  });

  it('reads the time from the clock it is given', () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    const tokens = createRotatingTokenService(
      createKeyRing(k2025),
      { accessTtlSeconds: 60, clockToleranceSeconds: 0 },
      () => now,
    );
    const { token, expiresAt } = tokens.issueAccess(subject);
    expect(expiresAt.toISOString()).toBe('2025-01-01T00:01:00.000Z');
    now += 61_000;
    expect(() => tokens.verifyAccess(token)).toThrow(InvalidTokenError);
  });

  it('accepts ids of 1 to 64 letters, digits, _ and -', () => {
    const ring = createKeyRing(key('Key_2025-b', 'a'), [key('x', 'b'), key('k'.repeat(64), 'c')]);
    expect(ring.current.id).toBe('Key_2025-b');
    expect(ring.previous.map((k) => k.id)).toEqual(['x', 'k'.repeat(64)]);
  });

  it.each([
    ['an empty id', ''],
    ['an id of 65 characters', 'k'.repeat(65)],
    ['a path', '../k2024'],
    ['a dot', 'k.2024'],
  ])('refuses %s at start-up', (_name, id) => {
    expect(() => createKeyRing(key(id, 'a'))).toThrow(AuthConfigError);
  });

  it('names the key id it refuses', () => {
    expect(() => createKeyRing(key('has space', 'a'))).toThrow('has space');
    expect(() => createKeyRing(k2025, [key('k2024', 'b'), key('k2024', 'c')])).toThrow('k2024');
  });

  it('refuses two previous keys with one id, and a short previous key', () => {
    expect(() => createKeyRing(k2025, [k2024, key('k2024', 'c')])).toThrow(AuthConfigError);
    expect(() => createKeyRing(k2025, [{ id: 'short', secret: Buffer.alloc(31) }])).toThrow(AuthConfigError);
  });

  it('refuses a short key, a duplicate id and an unsafe id at start-up', () => {
    expect(() => createKeyRing({ id: 'short', secret: Buffer.alloc(16) })).toThrow(AuthConfigError);
    expect(() => createKeyRing(k2025, [key('k2025', 'c')])).toThrow(AuthConfigError);
    expect(() => createKeyRing(key('has space', 'a'))).toThrow(AuthConfigError);
  });
});
