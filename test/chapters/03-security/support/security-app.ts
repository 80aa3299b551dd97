import { ScryptPasswordHasher } from '../../../../chapters/02-architecture/adapters/crypto/scrypt-password-hasher.js';
import { RecordingNotifier } from '../../../../chapters/02-architecture/adapters/notifications/recording-notifier.js';
import { InMemoryOutbox } from '../../../../chapters/02-architecture/adapters/outbox/in-memory-outbox.js';
import { InMemoryUserRepository } from '../../../../chapters/02-architecture/adapters/persistence/in-memory-user.repository.js';
import { createRegisterUser } from '../../../../chapters/02-architecture/application/register-user.use-case.js';
import { createAuthConfig, type AuthConfig } from '../../../../chapters/03-security/auth/auth-config.js';
import { createAuthService, type AuthService } from '../../../../chapters/03-security/auth/auth.service.js';
import { InMemoryRefreshTokenStore } from '../../../../chapters/03-security/auth/in-memory-refresh-token.store.js';
import type { RefreshTokenStore } from '../../../../chapters/03-security/auth/refresh-token.store.port.js';
import { createTokenService, type TokenService } from '../../../../chapters/03-security/auth/token-service.js';
import type { SecureAppDependencies } from '../../../../chapters/03-security/app.js';
import { InMemoryUserRoles } from '../../../../chapters/03-security/users/roles.js';

export const TEST_SECRET = 'test-secret-of-at-least-32-bytes-0123456789';
export const ada = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse battery' };
export const grace = { name: 'Grace Hopper', email: 'grace@example.com', password: 'compilers are fun' };

export interface SecurityFixture {
  readonly config: AuthConfig;
  readonly tokens: TokenService;
  readonly auth: AuthService;
  readonly users: InMemoryUserRepository;
  readonly roles: InMemoryUserRoles;
  readonly refreshTokens: RefreshTokenStore;
  readonly deps: SecureAppDependencies;
  readonly adaId: string;
  readonly graceId: string;
}

/** A real scrypt hasher with a small cost: the code paths of production, at test speed. */
export function fastHasher(): ScryptPasswordHasher {
  return new ScryptPasswordHasher({ cost: 2 ** 10, blockSize: 8, parallelization: 1 });
}

/** Users Ada (role user) and Grace (user, admin), all stores in memory, and the app's dependencies. */
export async function securityFixture(
  overrides: Partial<SecureAppDependencies> & { refreshTokens?: RefreshTokenStore; now?: () => number } = {},
): Promise<SecurityFixture> {
  const { refreshTokens: givenStore, now, ...appOverrides } = overrides;
  const config = createAuthConfig({ secret: TEST_SECRET });
  const tokens = createTokenService(config, now);
  const users = new InMemoryUserRepository();
  const roles = new InMemoryUserRoles();
  const hasher = fastHasher();
  const refreshTokens = givenStore ?? new InMemoryRefreshTokenStore();
  const registerUser = createRegisterUser({
    users,
    hasher,
    notifier: new RecordingNotifier(),
    outbox: new InMemoryOutbox(),
  });
  const adaId = (await registerUser(ada)).user.id;
  const graceId = (await registerUser(grace)).user.id;
  roles.grant(graceId, 'admin');
  const auth = createAuthService({
    users,
    roles,
    hasher,
    tokens,
    refreshTokens,
    ...(now ? { now: () => new Date(now()) } : {}),
  });
  const deps: SecureAppDependencies = { registerUser, users, roles, auth, tokens, trustProxy: false, ...appOverrides };
  return { config, tokens, auth, users, roles, refreshTokens, deps, adaId, graceId };
}

export { listen, type RunningServer } from '../../../support/net.js';

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** A request with an optional JSON body and headers; the body parsed when there is one. */
export async function call(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** `{ authorization: 'Bearer <token>' }`. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
