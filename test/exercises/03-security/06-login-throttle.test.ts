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
  throttle = new LoginThrottle({
    maxFailuresPerAccount: 3,
    maxFailuresPerAddress: 5,
    windowMs: 60_000,
    now: () => now,
  });
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

  it('names its policy login-failures', async () => {
    await fail(ada.email, attacker, 3);
    expect(() => throttle.check(ada.email, attacker)).toThrow(expect.objectContaining({ policy: 'login-failures' }));
  });

  it('with a limit of 1 admits the first try and throttles after one failure', async () => {
    const strict = new LoginThrottle({
      maxFailuresPerAccount: 1,
      maxFailuresPerAddress: 1,
      windowMs: 60_000,
      now: () => now,
    });
    expect(() => strict.check(ada.email, attacker)).not.toThrow();
    strict.recordFailure(ada.email, attacker);
    expect(() => strict.check(ada.email, attacker)).toThrow(TooManyRequestsError);
  });

  it('tells accounts apart exactly as sign-in does: trimmed and lower-cased, nothing more', () => {
    for (let i = 0; i < 3; i++) throttle.recordFailure('straße@example.com', attacker);
    expect(() => throttle.check('STRASSE@example.com', attacker)).not.toThrow();
    expect(() => throttle.check(' STRAßE@example.com', attacker)).toThrow(TooManyRequestsError);
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

  it("clears the account count on success, so an owner's typos do not add up", async () => {
    await fail(ada.email, owner, 2);
    await login(ada.email, ada.password, owner);
    await fail(ada.email, owner, 2);
    await expect(login(ada.email, ada.password, owner)).resolves.toHaveProperty('accessToken');
  });

  it('stops one address trying many accounts after 5 failures in total', async () => {
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'e@example.com'])
      await fail(email, attacker, 1);
    await expect(login('f@example.com', 'whatever', attacker)).rejects.toBeInstanceOf(TooManyRequestsError);
  });

  it('rounds the wait up to whole seconds', async () => {
    await fail(ada.email, attacker, 3);
    now += 500;
    expect(() => throttle.check(ada.email, attacker)).toThrow(expect.objectContaining({ retryAfterSeconds: 58 }));
  });

  it('when both counts are at their limit, waits until both have room', async () => {
    for (const email of ['a@example.com', 'b@example.com']) await fail(email, attacker, 1);
    await fail(ada.email, attacker, 3);
    // The address count frees up when a@ leaves the window (in 56 s); the account count only when the first ada@
    // failure does (58 s).
    const refused = await login(ada.email, ada.password, attacker).catch((error: unknown) => error);
    expect(refused).toMatchObject({ retryAfterSeconds: 58 });
  });

  it('counts each address apart', async () => {
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'e@example.com'])
      await fail(email, attacker, 1);
    await expect(login('f@example.com', 'whatever', attacker)).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(login(ada.email, ada.password, owner)).resolves.toHaveProperty('accessToken');
  });

  it('does not reset the address count on a success', async () => {
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'])
      await fail(email, attacker, 1);
    await login(ada.email, ada.password, attacker);
    await fail('e@example.com', attacker, 1);
    await expect(login(ada.email, ada.password, attacker)).rejects.toBeInstanceOf(TooManyRequestsError);
  });

  it('no longer counts a failure exactly one window old', async () => {
    await fail(ada.email, attacker, 3);
    now += 57_999;
    expect(() => throttle.check(ada.email, attacker)).toThrow(TooManyRequestsError);
    now += 1;
    expect(() => throttle.check(ada.email, attacker)).not.toThrow();
    throttle.recordFailure(ada.email, attacker);
    expect(() => throttle.check(ada.email, attacker)).toThrow(expect.objectContaining({ retryAfterSeconds: 1 }));
  });

  it('forgets failures once they leave the window', async () => {
    await fail(ada.email, attacker, 3);
    now += 60_000;
    await expect(login(ada.email, ada.password, attacker)).resolves.toHaveProperty('accessToken');
  });

  it('does not count a malformed request as a failed password', async () => {
    for (let i = 0; i < 5; i++)
      await expect(login('not an email', 'x', attacker)).rejects.not.toBeInstanceOf(InvalidCredentialsError);
    await expect(login(ada.email, ada.password, attacker)).resolves.toHaveProperty('accessToken');
  });

  it('does not count an outage as a failed password, and passes its error on', async () => {
    const outage = new Error('user store unreachable');
    let down = true;
    const flaky = throttledLogin(
      { login: (email, password) => (down ? Promise.reject(outage) : fx.auth.login(email, password)) },
      throttle,
    );
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'e@example.com']) {
      await expect(flaky(email, 'whatever', attacker)).rejects.toBe(outage);
    }
    down = false;
    await expect(flaky(ada.email, ada.password, attacker)).resolves.toHaveProperty('accessToken');
  });
});
