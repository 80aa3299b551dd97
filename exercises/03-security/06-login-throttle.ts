import type { AuthService, TokenPair } from '../../chapters/03-security/auth/auth.service.js';
import { TodoError } from '../../workbook/todo-error.js';

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
  constructor(readonly options: LoginThrottleOptions) {}

  /** Throws `TooManyRequestsError` when either key is at its limit. Call before checking the password. */
  check(_email: string, _address: string): void {
    // TODO(03.6): keys: the account key is the lower-cased trimmed email plus the address; the address key is the
    // address alone. Throw the chapter's TooManyRequestsError(seconds until the oldest counted failure leaves the
    // window, rounded up, at least 1, 'login-failures') when either key has reached its maximum in the window.
    throw new TodoError('03.6');
  }

  recordFailure(_email: string, _address: string): void {
    // TODO(03.6): add `now` to both keys' failure lists (dropping entries older than the window).
    throw new TodoError('03.6');
  }

  /** A success clears the account key (not the address key: one good password must not reset a stuffing run). */
  recordSuccess(_email: string, _address: string): void {
    // TODO(03.6): forget the account key's failures.
    throw new TodoError('03.6');
  }
}

/** Sign-in through the throttle: check, try, record. Other errors (a 400, an outage) are not counted. */
export function throttledLogin(_auth: Pick<AuthService, 'login'>, _throttle: LoginThrottle): (email: string, password: string, address: string) => Promise<TokenPair> {
  // TODO(03.6): check first; on InvalidCredentialsError record a failure and rethrow; on success record it.
  throw new TodoError('03.6');
}
