import type { AuthSettings } from '../../chapters/03-security/auth/auth-config.js';
import type { TokenService } from '../../chapters/03-security/auth/token-service.js';
import { TodoError } from '../../workbook/todo-error.js';

/** One HS256 key and the id written into the `kid` header of what it signs. */
export interface SigningKey {
  readonly id: string;
  readonly secret: Buffer;
}

/** Sign with `current`; accept `current` and `previous` until a previous key is retired. */
export interface KeyRing {
  readonly current: SigningKey;
  readonly previous: readonly SigningKey[];
}

/** Settings shared by every key: issuer, audience, lifetimes. */
export type KeyRingSettings = Omit<AuthSettings, 'secret' | 'keyId'>;

/**
 * Checks every key once, at start-up: an id of 1 to 64 characters, each a letter A-Z or a-z, a digit, `_` or `-`; no
 * id used twice in the ring; a secret of at least 32 bytes. Any other key is an `AuthConfigError` (one that names the
 * id, when the id is what is wrong). Returns the ring.
 */
export function createKeyRing(_current: SigningKey, _previous: readonly SigningKey[] = []): KeyRing {
  // TODO(03.2): check the keys as described above and return { current, previous }.
  throw new TodoError('03.2');
}

/**
 * Token service over a key ring, with the chapter token service's rules, the shared `settings` and the clock `now`.
 * `issueAccess` signs with the current key and writes its id as the header's `kid`. `verifyAccess` accepts a token only
 * when its `kid` names a key of the ring and that key's signature and claims check out; no kid, a kid that is not a
 * string, a kid of no key in the ring (a retired one, `constructor`, a path) or a token that does not parse is an
 * `InvalidTokenError` whose reason (the challenge's error_description) says what was wrong. Rotating is: new key
 * current, old key previous; retire it after the longest token lifetime.
 */
export function createRotatingTokenService(
  _ring: KeyRing,
  _settings: KeyRingSettings = {},
  _now: () => number = Date.now,
): Pick<TokenService, 'issueAccess' | 'verifyAccess'> {
  // TODO(03.2): return the issuer and verifier described above.
  throw new TodoError('03.2');
}
