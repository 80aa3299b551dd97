import type { Express, RequestHandler } from 'express';
import type { ProblemDetailsOptions } from '../02-architecture/adapters/http/problem-details.middleware.js';
import type { UserRepository } from '../02-architecture/application/ports/user.repository.port.js';
import type { RegisterUser } from '../02-architecture/application/register-user.use-case.js';
import { createApp } from '../02-architecture/app.js';
import { createAuthRouter } from './auth/auth.router.js';
import type { AuthService } from './auth/auth.service.js';
import { requireAuth } from './auth/bearer-auth.middleware.js';
import type { TokenService } from './auth/token-service.js';
import type { UserRoles } from './users/roles.js';
import { createUsersMeRouter } from './users/users-me.router.js';

/** Express's `trust proxy` setting: `false` (the socket address is the client), a hop count, or proxy addresses. */
export type TrustProxy = false | number | string | readonly string[];

export interface SecureAppDependencies {
  readonly registerUser: RegisterUser;
  readonly users: Pick<UserRepository, 'findById'>;
  readonly roles: UserRoles;
  readonly auth: AuthService;
  readonly tokens: TokenService;
  /**
   * Which proxies may set `X-Forwarded-For`. Required on purpose: `req.ip` (and every per-IP limit) is only as good
   * as this setting, so there is no default to forget.
   */
  readonly trustProxy: TrustProxy;
  /** Per-client limiter run before sign-in and refresh (keyed by IP). */
  readonly credentialsLimiter?: RequestHandler;
  /** Per-user limiter run after authentication on the API routes. */
  readonly apiLimiter?: RequestHandler;
  readonly onUnexpectedError?: ProblemDetailsOptions['onUnexpectedError'];
  /** Largest JSON body accepted (Chapter 2's default: 16 kB); larger ones get a 413 problem. */
  readonly bodyLimit?: string | number;
  /** More routes (the capstone), mounted after these and before the 404 and error handlers. */
  readonly mount?: (app: Express) => void;
}

// #region create-secure-app
/**
 * Chapter 2's app with sign-in, token rotation, a profile route and an admin route, through its `mount` hook: one
 * error model, one problem-details middleware, the same 404.
 *
 * @example
 * const app = createSecureApp({ registerUser, users, roles, auth, tokens, trustProxy: false });
 */
export function createSecureApp(deps: SecureAppDependencies): Express {
  const guard = requireAuth({ tokens: deps.tokens, sessions: deps.auth });
  return createApp({
    registerUser: deps.registerUser,
    ...(deps.bodyLimit === undefined ? {} : { bodyLimit: deps.bodyLimit }),
    ...(deps.onUnexpectedError ? { onUnexpectedError: deps.onUnexpectedError } : {}),
    mount(app) {
      app.set('trust proxy', deps.trustProxy);
      app.use('/auth', createAuthRouter({ auth: deps.auth, requireAuth: guard, beforeCredentials: deps.credentialsLimiter ? [deps.credentialsLimiter] : [] }));
      app.use(createUsersMeRouter({ users: deps.users, roles: deps.roles, requireAuth: guard, afterAuth: deps.apiLimiter ? [deps.apiLimiter] : [] }));
      deps.mount?.(app);
    },
  });
}
// #endregion create-secure-app
