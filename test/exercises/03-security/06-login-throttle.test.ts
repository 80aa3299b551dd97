import { beforeEach, describe, expect, it } from 'vitest';
import { InvalidCredentialsError } from '../../../chapters/03-security/auth/auth-errors.js';
import { TooManyRequestsError } from '../../../chapters/03-security/rate-limit/rate-limit-errors.js';
import { ada, securityFixture, type SecurityFixture } from '../../chapters/03-security/support/security-app.js';
import { LoginThrottle, throttledLogin } from '#exercise/03-security/06-login-throttle';

const attacker = '203.0.113.66';
const owner = '198.51.100.10';
let fx: SecurityFixture;
let now: number;
let login: (email: string, password: string, address: string) => Promise<unknown>;
let throttle: LoginThrottle;

beforeEach(async () => {
  fx = await securityFixture();
  now = 1_000_000;
  throttle = new LoginThrottle({ maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, windowMs: 60_000, now: () => now });
  login = throttledLogin(fx.auth, throttle);
});

async function fail(email: string, address: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    now += 1_000;
    await expect(login(email, 'wrong password', address)).rejects.toBeInstanceOf(InvalidCredentialsError);
  }
}

describe('03.6 a sign-in throttle that counts failures and cannot be used to lock the owner out', () => {
  it('refuses even the right password after 3 failures for one account from one address', async () => {
    await fail(ada.email, attacker, 3);
    const refused = await login(ada.email, ada.password, attacker).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect((refused as TooManyRequestsError).retryAfterSeconds).toBe(58); // the first failure leaves the window in 58 s
  });

  it('lets the owner sign in from their own address while the attacker is throttled', async () => {
    await fail(ada.email, attacker, 3);
    await expect(login(ada.email, ada.password, owner)).resolves.toHaveProperty('accessToken');
  });

  it('counts different spellings of one email as one account', async () => {
    await fail('ADA@example.com', attacker, 2);
    await fail(' ada@EXAMPLE.com', attacker, 1);
    expect(() => throttle.check(ada.email, attacker)).toThrow(TooManyRequestsError);
  });

  it('clears the account count on success, so an owner\'s typos do not add up', async () => {
    await fail(ada.email, owner, 2);
    await login(ada.email, ada.password, owner);
    await fail(ada.email, owner, 2);
    await expect(login(ada.email, ada.password, owner)).resolves.toHaveProperty('accessToken');
  });

  it('stops one address trying many accounts after 5 failures in total', async () => {
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'e@example.com']) await fail(email, attacker, 1);
    await expect(login('f@example.com', 'whatever', attacker)).rejects.toBeInstanceOf(TooManyRequestsError);
  });

  it('forgets failures once they leave the window', async () => {
    await fail(ada.email, attacker, 3);
    now += 60_000;
    await expect(login(ada.email, ada.password, attacker)).resolves.toHaveProperty('accessToken');
  });

  it('does not count a malformed request as a failed password', async () => {
    for (let i = 0; i < 5; i++) await expect(login('not an email', 'x', attacker)).rejects.not.toBeInstanceOf(InvalidCredentialsError);
    await expect(login(ada.email, ada.password, attacker)).resolves.toHaveProperty('accessToken');
  });
});
