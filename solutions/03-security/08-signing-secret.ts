import { AuthConfigError, MIN_SECRET_BYTES } from '../../chapters/03-security/auth/auth-config.js';

const PREFIX = 'base64:';

/** The HS256 signing key from `AUTH_JWT_SECRET` (UTF-8 text, or `base64:` and the key's bytes), checked at start-up. */
export function signingSecretFrom(env: Readonly<Record<string, string | undefined>>): Buffer {
  const raw = env.AUTH_JWT_SECRET;
  if (!raw)
    throw new AuthConfigError(
      'AUTH_JWT_SECRET is missing: set it to at least 32 random bytes, e.g. `openssl rand -base64 48`',
    );
  const key = raw.startsWith(PREFIX) ? decodeBase64(raw.slice(PREFIX.length)) : Buffer.from(raw);
  if (key.length < MIN_SECRET_BYTES) {
    throw new AuthConfigError(`AUTH_JWT_SECRET is ${key.length} bytes; HS256 needs at least ${MIN_SECRET_BYTES}`);
  }
  return key;
}

function decodeBase64(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  // Node's decoder skips what it cannot read, so only a round trip proves the text was base64.
  if (bytes.toString('base64') !== text) {
    throw new AuthConfigError('AUTH_JWT_SECRET starts with base64: but the rest is not base64');
  }
  return bytes;
}
