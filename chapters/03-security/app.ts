import express, { type Express, type RequestHandler } from 'express';
import { jsonBody } from '../02-architecture/adapters/http/json-body.middleware.js';
import {
  notFound,
  problemDetails,
  type ProblemDetailsOptions,
} from '../02-architecture/adapters/http/problem-details.middleware.js';
import { createUserController } from '../02-architecture/adapters/http/user.controller.js';
import { createUsersRouter } from '../02-architecture/adapters/http/users.router.js';
import type { UserRepository } from '../02-architecture/application/ports/user.repository.port.js';
import type { RegisterUser } from '../02-architecture/application/register-user.use-case.js';
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
  /**
   * Extra routes for a test or an exercise, added before the 404 and error handlers of this same app. A service
   * does not extend this demo app through it: it composes the routers below into its own `express()`.
   */
  readonly mount?: (app: Express) => void;
}

// #region create-secure-app
/**
 * The chapter's demo app: Chapter 2's users router and Chapter 3's auth and profile routers in ONE `express()`, with
 * one `requireAuth`, one `trust proxy`, one 404 and one problem-details middleware. The capstone composes the same
 * factories the same way, with its own routes between them.
 *
 * @example
 * const app = createSecureApp({ registerUser, users, roles, auth, tokens, trustProxy: false });
 */
export function createSecureApp(deps: SecureAppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.use(jsonBody(deps.bodyLimit));
  const guard = requireAuth({ tokens: deps.tokens, sessions: deps.auth });
  app.use('/users', createUsersRouter(createUserController(deps.registerUser)));
  app.use(
    '/auth',
    createAuthRouter({
      auth: deps.auth,
      requireAuth: guard,
      beforeCredentials: deps.credentialsLimiter ? [deps.credentialsLimiter] : [],
    }),
  );
  app.use(
    createUsersMeRouter({
      users: deps.users,
      roles: deps.roles,
      requireAuth: guard,
      afterAuth: deps.apiLimiter ? [deps.apiLimiter] : [],
    }),
  );
  deps.mount?.(app);
  app.use(notFound());
  app.use(problemDetails(deps.onUnexpectedError ? { onUnexpectedError: deps.onUnexpectedError } : {}));
  return app;
}
// #endregion create-secure-app
