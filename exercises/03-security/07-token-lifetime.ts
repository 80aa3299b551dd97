import { TodoError } from '../../workbook/todo-error.js';

/** The time claims of a decoded JWT payload, in seconds since the epoch. Untrusted: they came from the token. */
export interface TimeClaims {
  readonly exp?: unknown;
  readonly nbf?: unknown;
}

/**
 * Checks a token's lifetime claims against the clock, allowing `toleranceSeconds` of skew between the server that
 * signed and this one (a whole number >= 0).
 *
 * - `exp` is required and must be a finite number. The token is refused from the moment `now` reaches
 *   `exp + toleranceSeconds`, and accepted before that.
 * - `nbf` is optional; when present it must be a finite number. The token is refused while `nbf` lies more than
 *   `toleranceSeconds` ahead of `now`, and accepted once it does not.
 * - Every refusal is an `InvalidTokenError` (chapters/03-security/auth/auth-errors.ts) whose `reason` is exactly
 *   one of `'the token has no valid exp claim'`, `'the token has no valid nbf claim'`, `'the token expired'` or
 *   `'the token is not valid yet'`. A token that has expired is refused as expired, whatever its `nbf`. A token that
 *   passes returns nothing.
 */
export function checkTokenLifetime(_claims: TimeClaims, _nowSeconds: number, _toleranceSeconds: number): void {
  // TODO(03.7): refuse a token outside its lifetime, as described above.
  throw new TodoError('03.7');
}
