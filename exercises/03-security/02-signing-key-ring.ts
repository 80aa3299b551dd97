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

/** Checks every key once: a safe id, at least 32 bytes, ids unique. Throws `AuthConfigError`. */
export function createKeyRing(_current: SigningKey, _previous: readonly SigningKey[] = []): KeyRing {
  // TODO(03.2): validate ids (1-64 of [A-Za-z0-9_-], unique) and secrets (createAuthConfig already checks 32 bytes),
  // throwing AuthConfigError; return { current, previous }.
  throw new TodoError('03.2');
}

/**
 * Token service over a key ring: issues with the current key and its `kid`; verifies with the key the `kid` names,
 * among the ring only. Rotating is: new key current, old key previous; retire it after the longest token lifetime.
 */
export function createRotatingTokenService(_ring: KeyRing, _settings: KeyRingSettings = {}, _now: () => number = Date.now): Pick<TokenService, 'issueAccess' | 'verifyAccess'> {
  // TODO(03.2): one chapter token service per key (createAuthConfig({ ...settings, secret, keyId })); issue with the
  // current one; verify by reading the header kid (jwt.decode(token, { complete: true })) and dispatching to that
  // key's service. No kid, an unknown kid or a retired one is an InvalidTokenError.
  throw new TodoError('03.2');
}
