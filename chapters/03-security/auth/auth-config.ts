import { CodedError } from '../../../platform/errors/coded-error.js';

/** Thrown at start-up when the auth settings are missing or unsafe; the process should not serve without them. */
export class AuthConfigError extends CodedError {
  readonly code = 'AUTH_CONFIG_INVALID';
}

/** HS256 keys shorter than the hash output (32 bytes) are guessable offline from one captured token (RFC 7518 3.2). */
export const MIN_SECRET_BYTES = 32;

/** Everything token signing and verification needs. */
export interface AuthConfig {
  readonly secret: Buffer;
  /** Written as the header `kid` when set, so a verifier holding several keys knows which one signed. */
  readonly keyId?: string;
  readonly issuer: string;
  readonly audience: string;
  /** Access tokens are short-lived: a stolen one is useful for minutes, not a day. */
  readonly accessTtlSeconds: number;
  /** Refresh tokens live longer, but each is single use and revocable. */
  readonly refreshTtlSeconds: number;
  /** Allowed clock skew between this server and the one that signed, for `exp` and `nbf`. */
  readonly clockToleranceSeconds: number;
}

export interface AuthSettings {
  readonly secret: string | Buffer | undefined;
  readonly keyId?: string;
  readonly issuer?: string;
  readonly audience?: string;
  readonly accessTtlSeconds?: number;
  readonly refreshTtlSeconds?: number;
  readonly clockToleranceSeconds?: number;
}

// #region config
/**
 * Checks the auth settings once, at start-up. A missing or short secret stops the process here, with a message that
 * says how to fix it, instead of a 500 on the first request.
 *
 * @example
 * const config = createAuthConfig({ secret: process.env.AUTH_JWT_SECRET });
 */
export function createAuthConfig(settings: AuthSettings): AuthConfig {
  const { secret } = settings;
  if (secret === undefined || secret.length === 0) {
    throw new AuthConfigError(
      'AUTH_JWT_SECRET is missing: set it to at least 32 random bytes, e.g. `openssl rand -base64 48`',
    );
  }
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  if (key.length < MIN_SECRET_BYTES) {
    throw new AuthConfigError(
      `AUTH_JWT_SECRET is ${key.length} bytes; HS256 needs at least ${MIN_SECRET_BYTES} random bytes`,
    );
  }
  const config: AuthConfig = {
    secret: key,
    ...(settings.keyId === undefined ? {} : { keyId: settings.keyId }),
    issuer: settings.issuer ?? 'urn:workbook:auth',
    audience: settings.audience ?? 'urn:workbook:api',
    accessTtlSeconds: settings.accessTtlSeconds ?? 5 * 60,
    refreshTtlSeconds: settings.refreshTtlSeconds ?? 14 * 24 * 60 * 60,
    clockToleranceSeconds: settings.clockToleranceSeconds ?? 5,
  };
  for (const name of ['accessTtlSeconds', 'refreshTtlSeconds', 'clockToleranceSeconds'] as const) {
    if (!Number.isInteger(config[name]) || config[name] < 0)
      throw new AuthConfigError(`${name} must be a whole number of seconds >= 0, not ${config[name]}`);
  }
  if (config.accessTtlSeconds > 60 * 60)
    throw new AuthConfigError(
      `accessTtlSeconds is ${config.accessTtlSeconds}; keep access tokens under an hour and refresh them`,
    );
  return config;
}
// #endregion config

/** The config from environment variables: `AUTH_JWT_SECRET` (required), `AUTH_ISSUER`, `AUTH_AUDIENCE`. */
export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return createAuthConfig({
    secret: env.AUTH_JWT_SECRET,
    ...(env.AUTH_ISSUER ? { issuer: env.AUTH_ISSUER } : {}),
    ...(env.AUTH_AUDIENCE ? { audience: env.AUTH_AUDIENCE } : {}),
  });
}
