import { ValidationError } from '../errors/app-error.js';

export const PASSWORD_MIN_LENGTH = 8;
/** An upper bound keeps the cost of hashing bounded; 256 is far above any passphrase (NIST asks for at least 64). */
export const PASSWORD_MAX_LENGTH = 256;

/** Throws a `ValidationError` on the `password` field unless its length is within the policy. */
export function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw ValidationError.forField(
      'password',
      'min_length',
      `password must be at least ${PASSWORD_MIN_LENGTH} characters`,
    );
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw ValidationError.forField(
      'password',
      'max_length',
      `password must be at most ${PASSWORD_MAX_LENGTH} characters`,
    );
  }
}
