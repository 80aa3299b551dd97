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

  /**
   * Throws the chapter's `TooManyRequestsError(retryAfterSeconds, 'login-failures')` when either limit is reached:
   * - the account limit counts failures for this email from this address, the email compared as sign-in compares
   *   it (the chapter's Email: trimmed, lower-cased);
   * - the address limit counts failures from this address, whatever the email.
   * Only failures of the last `windowMs` count: one exactly `windowMs` old no longer does. `retryAfterSeconds` is the
   * time until every limit reached has room for one more try, in whole seconds rounded up. Call before checking the
   * password.
   */
  check(_email: string, _address: string): void {
    // TODO(03.6): throw as described above, or return.
    throw new TodoError('03.6');
  }

  /** Counts one failure, now, against both limits. */
  recordFailure(_email: string, _address: string): void {
    // TODO(03.6): count the failure.
    throw new TodoError('03.6');
  }

  /** A success clears the account count (not the address count: one good password must not reset a stuffing run). */
  recordSuccess(_email: string, _address: string): void {
    // TODO(03.6): forget this account's failures from this address.
    throw new TodoError('03.6');
  }
}

/**
 * Sign-in through the throttle. A throttled attempt is refused before the password is looked at, even the right one.
 * A wrong password (the chapter's InvalidCredentialsError) counts as a failure, a success as a success; any other error
 * (a malformed request, an outage) counts as neither. The caller gets login's own result or error.
 */
export function throttledLogin(
  _auth: Pick<AuthService, 'login'>,
  _throttle: LoginThrottle,
): (email: string, password: string, address: string) => Promise<TokenPair> {
  // TODO(03.6): return the sign-in function described above.
  throw new TodoError('03.6');
}
