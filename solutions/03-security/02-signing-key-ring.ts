import jwt from 'jsonwebtoken';
import { AuthConfigError, createAuthConfig, type AuthSettings } from '../../chapters/03-security/auth/auth-config.js';
import { InvalidTokenError } from '../../chapters/03-security/auth/auth-errors.js';
import { createTokenService, type TokenService } from '../../chapters/03-security/auth/token-service.js';

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

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks every key once: a safe id, at least 32 bytes, ids unique. Throws `AuthConfigError`. */
export function createKeyRing(current: SigningKey, previous: readonly SigningKey[] = []): KeyRing {
  const seen = new Set<string>();
  for (const key of [current, ...previous]) {
    if (!KEY_ID.test(key.id))
      throw new AuthConfigError(`key id ${JSON.stringify(key.id)} must be 1-64 letters, digits, _ or -`);
    if (seen.has(key.id)) throw new AuthConfigError(`key id ${key.id} is used twice; every key needs its own id`);
    seen.add(key.id);
    createAuthConfig({ secret: key.secret }); // the same 32-byte rule, the same message
  }
  return { current, previous };
}

/**
 * Token service over a key ring: issues with the current key and its `kid`; verifies with the key the `kid` names,
 * among the ring only. Rotating is: new key current, old key previous; retire it after the longest token lifetime.
 */
export function createRotatingTokenService(
  ring: KeyRing,
  settings: KeyRingSettings = {},
  now: () => number = Date.now,
): Pick<TokenService, 'issueAccess' | 'verifyAccess'> {
  const serviceFor = (key: SigningKey): TokenService =>
    createTokenService(createAuthConfig({ ...settings, secret: key.secret, keyId: key.id }), now);
  const signer = serviceFor(ring.current);
  // Keyed by whatever the header holds: a kid that is missing or not a string simply finds nothing.
  const byId = new Map<unknown, TokenService>([
    [ring.current.id, signer],
    ...ring.previous.map((key) => [key.id, serviceFor(key)] as const),
  ]);
  return {
    issueAccess: (subject) => signer.issueAccess(subject),
    verifyAccess(token) {
      // A Map lookup, never a file path or URL built from kid: the header is attacker-controlled.
      const verifier = byId.get(jwt.decode(token, { complete: true })?.header.kid);
      if (!verifier) throw new InvalidTokenError('the token names no signing key of this service, or a retired one');
      return verifier.verifyAccess(token);
    },
  };
}
