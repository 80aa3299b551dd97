import { describe, expect, it } from 'vitest';
import { InvalidTokenError } from '../../../chapters/03-security/auth/auth-errors.js';
import { checkTokenLifetime, type TimeClaims } from '#exercise/03-security/07-token-lifetime';

const NOW = 1_700_000_000;

function refusal(claims: TimeClaims, now = NOW, tolerance = 5): string | undefined {
  try {
    checkTokenLifetime(claims, now, tolerance);
    return undefined;
  } catch (error) {
    // Any other error (the stub's TodoError, a TypeError) fails the test as itself, with its own message.
    if (!(error instanceof InvalidTokenError)) throw error;
    return error.reason;
  }
}

describe('03.7 a token lifetime check with clock tolerance', () => {
  it('accepts a token inside its lifetime', () => {
    expect(refusal({ exp: NOW + 300, nbf: NOW - 10 })).toBeUndefined();
  });

  it('accepts a token 4 s past its expiry with 5 s of tolerance, and refuses it from 5 s on', () => {
    expect(refusal({ exp: NOW - 4 })).toBeUndefined();
    expect(refusal({ exp: NOW - 5 })).toBe('the token expired');
    expect(refusal({ exp: NOW - 6 })).toBe('the token expired');
  });

  it('refuses a token at its expiry second when there is no tolerance', () => {
    expect(refusal({ exp: NOW }, NOW, 0)).toBe('the token expired');
    expect(refusal({ exp: NOW + 1 }, NOW, 0)).toBeUndefined();
  });

  it('refuses a token whose nbf lies more than the tolerance ahead, and accepts one at the edge', () => {
    expect(refusal({ exp: NOW + 300, nbf: NOW + 6 })).toBe('the token is not valid yet');
    expect(refusal({ exp: NOW + 300, nbf: NOW + 5 })).toBeUndefined();
    expect(refusal({ exp: NOW + 300, nbf: NOW + 1 }, NOW, 0)).toBe('the token is not valid yet');
  });

  it('refuses a token without a finite numeric exp: a token that never expires is not accepted', () => {
    for (const exp of [undefined, String(NOW + 300), Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(refusal({ exp }), String(exp)).toBe('the token has no valid exp claim');
    }
  });

  it('refuses a token whose nbf is present but not a finite number', () => {
    for (const nbf of [String(NOW - 10), Number.NaN, null]) {
      expect(refusal({ exp: NOW + 300, nbf }), String(nbf)).toBe('the token has no valid nbf claim');
    }
  });

  it('says the token expired rather than not valid yet when both hold', () => {
    expect(refusal({ exp: NOW - 100, nbf: NOW + 100 })).toBe('the token expired');
  });
});
