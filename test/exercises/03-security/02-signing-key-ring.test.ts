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
      jwt.sign({ sub: 'u1' }, secret, { algorithm: 'HS256', header: { alg: 'HS256', typ: 'at+jwt', ...(kid === undefined ? {} : { kid }) } as jwt.JwtHeader });
    expect(() => tokens.verifyAccess(sign(undefined, k2025.secret))).toThrow(InvalidTokenError);
    expect(() => tokens.verifyAccess(sign('../../etc/passwd', k2025.secret))).toThrow(InvalidTokenError);
    expect(() => tokens.verifyAccess(sign(42, k2025.secret))).toThrow(InvalidTokenError);
    expect(() => tokens.verifyAccess(sign('k2024', k2025.secret))).toThrow(InvalidTokenError);
    expect(() => tokens.verifyAccess('garbage')).toThrow(InvalidTokenError);
  });

  it('refuses a short key, a duplicate id and an unsafe id at start-up', () => {
    expect(() => createKeyRing({ id: 'short', secret: Buffer.alloc(16) })).toThrow(AuthConfigError);
    expect(() => createKeyRing(k2025, [key('k2025', 'c')])).toThrow(AuthConfigError);
    expect(() => createKeyRing(key('has space', 'a'))).toThrow(AuthConfigError);
  });
});
