import { createSecretKey, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { ROLES, type Role } from '../users/roles.js';
import type { AuthConfig } from './auth-config.js';
import { InvalidTokenError } from './auth-errors.js';

/** Header `typ` values (RFC 9068 names access tokens `at+jwt`): a refresh token can never pass as an access token. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
export const REFRESH_TOKEN_TYPE = 'rt+jwt';
/** The only algorithm signed and accepted. Pinned on verify, so `alg: none` or an RS/HS confusion cannot get in. */
export const TOKEN_ALGORITHM = 'HS256';
/** Longer strings are refused before any decoding: no honest token of ours is near this size. */
export const MAX_TOKEN_LENGTH = 4096;

const accessPayload = z.object({
  sub: z.string().min(1),
  fam: z.string().min(1),
  jti: z.string().min(1),
  token_use: z.literal('access'),
  roles: z.array(z.enum(ROLES)),
  iat: z.number(),
  exp: z.number(),
});
const refreshPayload = z.object({
  sub: z.string().min(1),
  fam: z.string().min(1),
  jti: z.string().min(1),
  token_use: z.literal('refresh'),
  iat: z.number(),
  exp: z.number(),
});

/** What a verified access token says. `sessionId` is the refresh-token family it belongs to. */
export interface AccessClaims {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly sessionId: string;
  readonly tokenId: string;
  readonly expiresAt: Date;
}

export interface RefreshClaims {
  readonly userId: string;
  readonly sessionId: string;
  readonly tokenId: string;
  readonly expiresAt: Date;
}

export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/** Signs and verifies this service's tokens. Every verify failure is an `InvalidTokenError`, never anything else. */
export interface TokenService {
  issueAccess(subject: { userId: string; roles: readonly Role[]; sessionId: string }): IssuedToken;
  issueRefresh(subject: { userId: string; sessionId: string }): IssuedToken;
  verifyAccess(token: string): AccessClaims;
  verifyRefresh(token: string): RefreshClaims;
  readonly config: AuthConfig;
}

// jsonwebtoken's messages, shortened into something a client may read.
function reasonOf(error: unknown): string {
  if (error instanceof jwt.TokenExpiredError) return 'the token expired';
  if (error instanceof jwt.NotBeforeError) return 'the token is not valid yet';
  if (error instanceof jwt.JsonWebTokenError) {
    if (/audience/.test(error.message)) return 'the token is for another audience';
    if (/issuer/.test(error.message)) return 'the token is from another issuer';
    if (/signature|algorithm/.test(error.message)) return 'the token signature or algorithm is not accepted';
    return 'the token is malformed';
  }
  return 'the token could not be verified';
}

// #region verify
/**
 * Tokens with `jsonwebtoken`: HS256 only, issuer and audience pinned, the type pinned twice (header `typ` and the
 * `token_use` claim), a small clock tolerance, and the payload checked by a schema before anything reads it.
 *
 * @example
 * const tokens = createTokenService(createAuthConfig({ secret }));
 * const claims = tokens.verifyAccess(tokens.issueAccess({ userId, roles: ['user'], sessionId }).token);
 */
export function createTokenService(config: AuthConfig, now: () => number = Date.now): TokenService {
  const seconds = (): number => Math.floor(now() / 1000);
  // A KeyObject, made once: given raw bytes, jsonwebtoken tries them as a PEM public key on every call first.
  const key = createSecretKey(config.secret);

  function verify(token: string, typ: string): Record<string, unknown> {
    if (token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError('the token is too long');
    let decoded: jwt.Jwt;
    try {
      decoded = jwt.verify(token, key, {
        algorithms: [TOKEN_ALGORITHM],
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: config.clockToleranceSeconds,
        clockTimestamp: seconds(),
        complete: true,
      });
    } catch (error) {
      throw new InvalidTokenError(reasonOf(error), { cause: error });
    }
    if (decoded.header.typ !== typ) throw new InvalidTokenError(`the token is not of type ${typ}`);
    if (typeof decoded.payload !== 'object') throw new InvalidTokenError('the token is malformed');
    return decoded.payload as Record<string, unknown>;
  }
  // #endregion verify

  function sign(payload: Record<string, unknown>, typ: string, ttlSeconds: number): IssuedToken {
    const iat = seconds();
    const token = jwt.sign({ ...payload, iat }, key, {
      algorithm: TOKEN_ALGORITHM,
      header: { alg: TOKEN_ALGORITHM, typ, ...(config.keyId === undefined ? {} : { kid: config.keyId }) },
      issuer: config.issuer,
      audience: config.audience,
      expiresIn: ttlSeconds,
      jwtid: randomUUID(),
    });
    return { token, expiresAt: new Date((iat + ttlSeconds) * 1000) };
  }

  return {
    config,
    issueAccess({ userId, roles, sessionId }) {
      return sign(
        { sub: userId, fam: sessionId, roles, token_use: 'access' },
        ACCESS_TOKEN_TYPE,
        config.accessTtlSeconds,
      );
    },
    issueRefresh({ userId, sessionId }) {
      return sign({ sub: userId, fam: sessionId, token_use: 'refresh' }, REFRESH_TOKEN_TYPE, config.refreshTtlSeconds);
    },
    verifyAccess(token) {
      const parsed = accessPayload.safeParse(verify(token, ACCESS_TOKEN_TYPE));
      if (!parsed.success) throw new InvalidTokenError('the token is not an access token');
      const p = parsed.data;
      return { userId: p.sub, roles: p.roles, sessionId: p.fam, tokenId: p.jti, expiresAt: new Date(p.exp * 1000) };
    },
    verifyRefresh(token) {
      const parsed = refreshPayload.safeParse(verify(token, REFRESH_TOKEN_TYPE));
      if (!parsed.success) throw new InvalidTokenError('the token is not a refresh token');
      const p = parsed.data;
      return { userId: p.sub, sessionId: p.fam, tokenId: p.jti, expiresAt: new Date(p.exp * 1000) };
    },
  };
}
