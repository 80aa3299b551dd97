import { InvalidCredentialsError } from '../../chapters/03-security/auth/auth-errors.js';
import type { AuthService, TokenPair } from '../../chapters/03-security/auth/auth.service.js';
import { TooManyRequestsError } from '../../chapters/03-security/rate-limit/rate-limit-errors.js';

export interface LoginThrottleOptions {
  /** Failures allowed for one account from one address within the window. */
  readonly maxFailuresPerAccount: number;
  /** Failures allowed from one address across all accounts (credential stuffing). */
  readonly maxFailuresPerAddress: number;
  readonly windowMs: number;
  readonly now?: () => number;
}

/**
 * Counts failed sign-ins only. The account key is (email, address): an attacker elsewhere cannot lock the owner out
 * by failing on purpose, which a per-account lock would allow. The address key catches one host trying many accounts.
 */
export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();
  readonly #now: () => number;

  constructor(readonly options: LoginThrottleOptions) {
    this.#now = options.now ?? Date.now;
  }

  /** Throws `TooManyRequestsError` when either key is at its limit. Call before checking the password. */
  check(email: string, address: string): void {
    const now = this.#now();
    const waits = [
      this.#wait(this.#accountKey(email, address), this.options.maxFailuresPerAccount, now),
      this.#wait(`addr:${address}`, this.options.maxFailuresPerAddress, now),
    ].filter((ms) => ms !== undefined);
    if (waits.length > 0) throw new TooManyRequestsError(Math.ceil(Math.max(...waits) / 1000), 'login-failures');
  }

  recordFailure(email: string, address: string): void {
    const now = this.#now();
    for (const key of [this.#accountKey(email, address), `addr:${address}`])
      this.#failures.set(key, [...this.#recent(key, now), now]);
  }

  /** A success clears the account key (not the address key: one good password must not reset a stuffing run). */
  recordSuccess(email: string, address: string): void {
    this.#failures.delete(this.#accountKey(email, address));
  }

  #accountKey(email: string, address: string): string {
    return `acct:${email.trim().toLowerCase()}|${address}`;
  }

  #recent(key: string, now: number): number[] {
    return this.#failures.get(key)?.filter((at) => at > now - this.options.windowMs) ?? [];
  }

  /** Ms until `key` has room for another try, or undefined while it is under `max`. */
  #wait(key: string, max: number, now: number): number | undefined {
    const recent = this.#recent(key, now);
    // Room comes back when the failure that brought the key to its maximum leaves the window.
    return recent.length < max ? undefined : recent[recent.length - max]! + this.options.windowMs - now;
  }
}

/** Sign-in through the throttle: check, try, record. Other errors (a 400, an outage) are not counted. */
export function throttledLogin(
  auth: Pick<AuthService, 'login'>,
  throttle: LoginThrottle,
): (email: string, password: string, address: string) => Promise<TokenPair> {
  return async (email, password, address) => {
    throttle.check(email, address);
    try {
      const pair = await auth.login(email, password);
      throttle.recordSuccess(email, address);
      return pair;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) throttle.recordFailure(email, address);
      throw error;
    }
  };
}
