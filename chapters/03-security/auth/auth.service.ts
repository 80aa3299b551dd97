import { randomBytes, randomUUID } from 'node:crypto';
import type { PasswordHasher } from '../../02-architecture/application/ports/password-hasher.port.js';
import type { UserRepository } from '../../02-architecture/application/ports/user.repository.port.js';
import { Email } from '../../02-architecture/domain/email.value-object.js';
import type { UserRoles } from '../users/roles.js';
import { InvalidCredentialsError, InvalidTokenError, RefreshTokenReusedError } from './auth-errors.js';
import { hashRefreshToken, type RefreshTokenStore } from './refresh-token.store.port.js';
import type { TokenService } from './token-service.js';

/** What a successful sign-in or refresh returns (the OAuth 2.0 token response, RFC 6749 section 5.1). */
export interface TokenPair {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly refreshExpiresIn: number;
}

export interface AuthServiceDeps {
  /** Chapter 2's repository: only `findByEmail` and `findById` are used. */
  readonly users: Pick<UserRepository, 'findByEmail' | 'findById'>;
  readonly roles: UserRoles;
  readonly hasher: PasswordHasher;
  readonly tokens: TokenService;
  readonly refreshTokens: RefreshTokenStore;
  readonly now?: () => Date;
  readonly newSessionId?: () => string;
}

/** Sign-in, rotation and sign-out. The HTTP router calls these; nothing here knows about Express. */
export interface AuthService {
  login(email: string, password: string): Promise<TokenPair>;
  refresh(refreshToken: string): Promise<TokenPair>;
  /** Revokes the session (the refresh-token family): its refresh tokens and its access tokens stop working. */
  logout(sessionId: string): Promise<void>;
  isSessionActive(sessionId: string): Promise<boolean>;
}

/**
 * Builds the auth use cases.
 *
 * @example
 * const auth = createAuthService({ users, roles, hasher, tokens, refreshTokens });
 * const pair = await auth.login('ada@example.com', 'correct horse battery');
 */
export function createAuthService(deps: AuthServiceDeps): AuthService {
  const now = deps.now ?? ((): Date => new Date());
  const newSessionId = deps.newSessionId ?? randomUUID;
  // A real hash of a random password, made once: unknown emails are checked against it, so they cost one scrypt like
  // known ones and the response time does not say whether an account exists.
  const dummyHash = deps.hasher.hash(randomBytes(32).toString('base64url'));
  dummyHash.catch(() => undefined); // a failure surfaces at the first login that awaits it, not as an unhandled rejection

  async function issue(userId: string, sessionId: string): Promise<TokenPair> {
    const roles = await deps.roles.rolesOf(userId);
    const access = deps.tokens.issueAccess({ userId, roles, sessionId });
    const refresh = deps.tokens.issueRefresh({ userId, sessionId });
    const at = now();
    await deps.refreshTokens.save({
      tokenHash: hashRefreshToken(refresh.token),
      familyId: sessionId,
      userId,
      expiresAt: refresh.expiresAt,
      createdAt: at,
    });
    const { accessTtlSeconds, refreshTtlSeconds } = deps.tokens.config;
    return {
      accessToken: access.token,
      tokenType: 'Bearer',
      expiresIn: accessTtlSeconds,
      refreshToken: refresh.token,
      refreshExpiresIn: refreshTtlSeconds,
    };
  }

  return {
    // #region login
    async login(rawEmail, password) {
      const email = Email.parse(rawEmail); // a malformed address is a 400: it says nothing about who has an account
      const user = await deps.users.findByEmail(email);
      // Same work on both paths: one scrypt verify, then one answer for "no such user" and "wrong password".
      const matches = await deps.hasher.verify(password, user?.passwordHash ?? (await dummyHash));
      if (!user || !matches) throw new InvalidCredentialsError();
      return issue(user.id, newSessionId());
    },
    // #endregion login

    // #region refresh
    async refresh(refreshToken) {
      const claims = deps.tokens.verifyRefresh(refreshToken);
      const outcome = await deps.refreshTokens.consume(hashRefreshToken(refreshToken), now());
      if (outcome.kind === 'unknown') throw new InvalidTokenError('the refresh token is not known here');
      if (outcome.kind === 'reused') {
        // A used token came back: either it was stolen or the client raced itself. Either way nobody can tell the
        // thief from the owner, so the whole session ends and the owner signs in again.
        await deps.refreshTokens.revokeFamily(outcome.record.familyId, now());
        throw new RefreshTokenReusedError();
      }
      if (await deps.refreshTokens.isFamilyRevoked(claims.sessionId))
        throw new InvalidTokenError('the session was revoked');
      if (!(await deps.users.findById(claims.userId))) throw new InvalidTokenError('the user no longer exists');
      return issue(claims.userId, claims.sessionId);
    },
    // #endregion refresh

    async logout(sessionId) {
      await deps.refreshTokens.revokeFamily(sessionId, now());
    },

    async isSessionActive(sessionId) {
      return !(await deps.refreshTokens.isFamilyRevoked(sessionId));
    },
  };
}
