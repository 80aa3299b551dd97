import { TodoError } from '../../workbook/todo-error.js';

/**
 * The HS256 signing key from the environment variable `AUTH_JWT_SECRET`, checked at start-up so that a missing or
 * short key stops the process before it serves.
 *
 * - A value starting with `base64:` carries the key as standard base64 after that prefix: the key is the decoded
 *   bytes. Text after the prefix that is not canonical base64 (characters outside the alphabet, wrong padding, or an
 *   empty rest) is refused.
 * - Any other value is the key itself, as its UTF-8 bytes.
 * - The key must be at least 32 bytes long, counted in bytes, not characters.
 * - A missing or empty variable, a malformed base64 value and a short key are each an `AuthConfigError`
 *   (chapters/03-security/auth/auth-config.ts) whose message names `AUTH_JWT_SECRET`; a short key's message also
 *   says how many bytes it has.
 *
 * Returns the key's bytes.
 */
export function signingSecretFrom(_env: Readonly<Record<string, string | undefined>>): Buffer {
  // TODO(03.8): read and check the signing key as described above.
  throw new TodoError('03.8');
}
