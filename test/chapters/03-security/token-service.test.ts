import { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it, vi } from 'vitest';
import { createAuthConfig } from '../../../chapters/03-security/auth/auth-config.js';
import { InvalidTokenError } from '../../../chapters/03-security/auth/auth-errors.js';
import { createTokenService } from '../../../chapters/03-security/auth/token-service.js';
import { TEST_SECRET } from './support/security-app.js';

const config = createAuthConfig({ secret: TEST_SECRET, accessTtlSeconds: 60 });
const issuedAt = Date.UTC(2030, 0, 1);
const subject = { userId: 'u1', roles: ['user'] as const, sessionId: 's1' };

function verifyAt(ms: number, token: string): ReturnType<ReturnType<typeof createTokenService>['verifyAccess']> {
  return createTokenService(config, () => ms).verifyAccess(token);
}

describe('token service', () => {
  const { token } = createTokenService(config, () => issuedAt).issueAccess(subject);

  it('round-trips the subject, roles and session', () => {
    expect(verifyAt(issuedAt, token)).toMatchObject({ userId: 'u1', roles: ['user'], sessionId: 's1' });
  });

  it('accepts a token 4 s past its expiry (within the 5 s tolerance) and refuses it at 6 s', () => {
    expect(verifyAt(issuedAt + 64_000, token).userId).toBe('u1');
    expect(() => verifyAt(issuedAt + 66_000, token)).toThrow(InvalidTokenError);
  });

  it('writes the type into the header, so a refresh token fails access verification', () => {
    const tokens = createTokenService(config, () => issuedAt);
    const refresh = tokens.issueRefresh({ userId: 'u1', sessionId: 's1' }).token;
    expect(JSON.parse(Buffer.from(refresh.split('.')[0] ?? '', 'base64url').toString())).toMatchObject({
      alg: 'HS256',
      typ: 'rt+jwt',
    });
    expect(() => tokens.verifyAccess(refresh)).toThrow(/not of type at\+jwt/);
    expect(tokens.verifyRefresh(refresh)).toMatchObject({ userId: 'u1', sessionId: 's1' });
  });

  it('turns every jsonwebtoken failure into InvalidTokenError with a short reason', () => {
    const error = (() => {
      try {
        verifyAt(issuedAt, `${token}x`);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as InvalidTokenError).reason).toBe('the token signature or algorithm is not accepted');
  });

  it('signs and verifies with one secret KeyObject made up front, never the raw secret', () => {
    // Given a string or Buffer, jsonwebtoken first tries to parse it as a PEM public key on every call (about 0.4 ms
    // here, thrown away) before it makes a secret key; a KeyObject skips that.
    const verify = vi.spyOn(jwt, 'verify');
    try {
      const tokens = createTokenService(config, () => issuedAt);
      tokens.verifyAccess(tokens.issueAccess(subject).token);
      tokens.verifyAccess(tokens.issueAccess(subject).token);
      const keys = verify.mock.calls.map((call) => call[1]);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toBeInstanceOf(KeyObject);
      expect((keys[0] as KeyObject).type).toBe('secret');
      expect(keys[1]).toBe(keys[0]);
    } finally {
      verify.mockRestore();
    }
  });
});
