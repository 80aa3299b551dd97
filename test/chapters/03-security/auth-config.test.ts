import { describe, expect, it } from 'vitest';
import {
  AuthConfigError,
  authConfigFromEnv,
  createAuthConfig,
} from '../../../chapters/03-security/auth/auth-config.js';

describe('auth config at start-up', () => {
  it('fails with a message naming AUTH_JWT_SECRET when the secret is missing', () => {
    expect(() => authConfigFromEnv({})).toThrow(AuthConfigError);
    expect(() => authConfigFromEnv({})).toThrow(/AUTH_JWT_SECRET is missing/);
  });

  it('fails when the secret is shorter than 32 bytes, counting bytes not characters', () => {
    expect(() => createAuthConfig({ secret: 'x'.repeat(31) })).toThrow(/31 bytes; HS256 needs at least 32/);
    // 16 two-byte characters are 32 bytes: accepted.
    expect(createAuthConfig({ secret: 'é'.repeat(16) }).secret).toHaveLength(32);
  });

  it('refuses access tokens that live longer than an hour', () => {
    expect(() => createAuthConfig({ secret: 'x'.repeat(32), accessTtlSeconds: 24 * 3600 })).toThrow(/under an hour/);
  });

  it('defaults to five-minute access tokens and a five-second clock tolerance', () => {
    const config = authConfigFromEnv({ AUTH_JWT_SECRET: 'x'.repeat(48) });
    expect(config).toMatchObject({ accessTtlSeconds: 300, clockToleranceSeconds: 5, issuer: 'urn:workbook:auth' });
  });
});
