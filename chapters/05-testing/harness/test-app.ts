import type { Express } from 'express';
import type { Db } from 'mongodb';
import { ScryptPasswordHasher } from '../../02-architecture/adapters/crypto/scrypt-password-hasher.js';
import { RecordingNotifier } from '../../02-architecture/adapters/notifications/recording-notifier.js';
import { InMemoryOutbox } from '../../02-architecture/adapters/outbox/in-memory-outbox.js';
import { InMemoryUserRepository } from '../../02-architecture/adapters/persistence/in-memory-user.repository.js';
import { MongoUserRepository } from '../../02-architecture/adapters/persistence/mongo-user.repository.js';
import type { UserRepository } from '../../02-architecture/application/ports/user.repository.port.js';
import { createRegisterUser, type RegisterUser } from '../../02-architecture/application/register-user.use-case.js';
import { createSecureApp, type SecureAppDependencies } from '../../03-security/app.js';
import { createAuthConfig, type AuthConfig } from '../../03-security/auth/auth-config.js';
import { createAuthService, type AuthService } from '../../03-security/auth/auth.service.js';
import { InMemoryRefreshTokenStore } from '../../03-security/auth/in-memory-refresh-token.store.js';
import { MongoRefreshTokenStore } from '../../03-security/auth/mongo-refresh-token.store.js';
import type { RefreshTokenStore } from '../../03-security/auth/refresh-token.store.port.js';
import { createTokenService, type TokenService } from '../../03-security/auth/token-service.js';
import { InMemoryUserRoles } from '../../03-security/users/roles.js';
import { ManualClock } from './manual-clock.js';

/** A fixed test secret (48 bytes): tests verify tokens with it, exactly as a client holding the key would. */
export const TEST_AUTH_SECRET = 'workbook-test-secret-not-for-production-0123456789';

/** scrypt at N=2^10 runs the production code path in about a millisecond; production uses 2^17. */
export const TEST_SCRYPT_COST = 2 ** 10;

export interface TestAppOptions {
  /** MongoDB repositories in this database; without it, the in-memory ones (same contract tests). */
  readonly db?: Db;
  readonly clock?: ManualClock;
  readonly notifier?: RecordingNotifier;
  readonly scryptCost?: number;
  /** Everything else the secure app accepts (rate limiters, trustProxy, mount...). */
  readonly app?: Partial<Omit<SecureAppDependencies, 'registerUser' | 'users' | 'roles' | 'auth' | 'tokens'>>;
}

/** The app and the parts a test inspects. */
export interface TestApp {
  readonly app: Express;
  readonly notifier: RecordingNotifier;
  readonly clock: ManualClock;
  readonly users: UserRepository;
  readonly roles: InMemoryUserRoles;
  readonly refreshTokens: RefreshTokenStore;
  readonly hasher: ScryptPasswordHasher;
  readonly tokens: TokenService;
  readonly config: AuthConfig;
  readonly auth: AuthService;
  readonly registerUser: RegisterUser;
}

// #region test-app
/**
 * Builds the Chapter 2 and 3 app from its real parts (repositories, hasher, token service, auth service) and swaps
 * only what a test must control: the outbound email (a recording fake, so no test can send mail) and the clock.
 *
 * @example
 * const { app, notifier, clock } = await buildTestApp({ db: services.db });
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = options.clock ?? new ManualClock(new Date());
  const notifier = options.notifier ?? new RecordingNotifier();
  const config = createAuthConfig({ secret: TEST_AUTH_SECRET });
  const tokens = createTokenService(config, () => clock.epochMs());
  const users: UserRepository = options.db
    ? await MongoUserRepository.create(options.db)
    : new InMemoryUserRepository();
  const refreshTokens: RefreshTokenStore = options.db
    ? await MongoRefreshTokenStore.create(options.db, { refreshTtlSeconds: config.refreshTtlSeconds })
    : new InMemoryRefreshTokenStore();
  const hasher = new ScryptPasswordHasher({
    cost: options.scryptCost ?? TEST_SCRYPT_COST,
    blockSize: 8,
    parallelization: 1,
  });
  const roles = new InMemoryUserRoles();
  const now = (): Date => clock.now();
  const registerUser = createRegisterUser({ users, hasher, notifier, outbox: new InMemoryOutbox(), now });
  const auth = createAuthService({ users, roles, hasher, tokens, refreshTokens, now });
  const app = createSecureApp({ trustProxy: false, ...options.app, registerUser, users, roles, auth, tokens });
  return { app, notifier, clock, users, roles, refreshTokens, hasher, tokens, config, auth, registerUser };
}
// #endregion test-app
