import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthConfigError } from '../../../chapters/03-security/auth/auth-config.js';
import { signingSecretFrom } from '#exercise/03-security/08-signing-secret';

const refusal = (value: string | undefined): AuthConfigError => {
  try {
    signingSecretFrom({ AUTH_JWT_SECRET: value });
  } catch (error) {
    expect(error).toBeInstanceOf(AuthConfigError);
    expect((error as Error).message).toContain('AUTH_JWT_SECRET');
    return error as AuthConfigError;
  }
  throw new Error(`expected ${JSON.stringify(value)} to be refused`);
};

describe('03.8 a signing secret checked in bytes at start-up', () => {
  it('returns the UTF-8 bytes of a plain secret of 32 bytes', () => {
    const secret = 'k'.repeat(32);
    expect(signingSecretFrom({ AUTH_JWT_SECRET: secret })).toEqual(Buffer.from(secret, 'utf8'));
  });

  it('refuses a plain secret of 31 bytes and says how long it is', () => {
    expect(refusal('k'.repeat(31)).message).toContain('31 bytes');
  });

  it('counts bytes, not characters: 16 two-byte characters make a 32-byte key', () => {
    expect(signingSecretFrom({ AUTH_JWT_SECRET: 'é'.repeat(16) })).toHaveLength(32);
  });

  it('refuses a missing or empty variable', () => {
    expect(() => signingSecretFrom({})).toThrow(AuthConfigError);
    refusal(undefined);
    refusal('');
  });

  it('decodes a base64: value into the exact key bytes', () => {
    const key = randomBytes(48);
    expect(signingSecretFrom({ AUTH_JWT_SECRET: `base64:${key.toString('base64')}` })).toEqual(key);
  });

  it('measures a base64: key after decoding: 32 characters of base64 are only 24 bytes', () => {
    const text = randomBytes(24).toString('base64');
    expect(text).toHaveLength(32);
    expect(refusal(`base64:${text}`).message).toContain('24 bytes');
  });

  it.each([
    ['characters outside the alphabet', `base64:${'*'.repeat(44)}`],
    ['a missing padding character', `base64:${randomBytes(40).toString('base64').slice(0, -1)}`],
    ['nothing after the prefix', 'base64:'],
  ])('refuses a base64: value with %s', (_name, value) => {
    refusal(value);
  });
});
