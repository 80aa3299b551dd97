import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { jsonBody } from '../../chapters/02-architecture/adapters/http/json-body.middleware.js';
import { notFound, problemDetails } from '../../chapters/02-architecture/adapters/http/problem-details.middleware.js';
import { createUserController } from '../../chapters/02-architecture/adapters/http/user.controller.js';
import { createUsersRouter } from '../../chapters/02-architecture/adapters/http/users.router.js';
import type { SecureAppDependencies } from '../../chapters/03-security/app.js';
import { createAuthRouter } from '../../chapters/03-security/auth/auth.router.js';
import { requireAuth } from '../../chapters/03-security/auth/bearer-auth.middleware.js';
import { createUsersMeRouter } from '../../chapters/03-security/users/users-me.router.js';
import { healthRoutes, type Health } from '../../chapters/08-production/health.js';
import { requestLogger, type Logger } from '../../chapters/08-production/logging.js';
import type { Metrics } from '../../chapters/08-production/metrics.js';
import type { ProductCatalog } from '../catalog/product-catalog.js';
import { createProductsRouter } from '../catalog/products.router.js';
import { createOrdersRouter, type OrdersRouterDeps } from '../orders/orders.router.js';
import { databaseOutageAs503 } from '../runtime/database-unavailable.js';

/** Chapter 3's dependencies the capstone's routers share (users, sign-in, tokens, trust proxy, the sign-in limit). */
type SecureRouteDeps = Pick<
  SecureAppDependencies,
  'registerUser' | 'users' | 'roles' | 'auth' | 'tokens' | 'trustProxy' | 'credentialsLimiter'
>;

export interface HttpAppDeps extends SecureRouteDeps {
  /** Largest JSON body accepted on `/api`; larger ones get a 413 problem. */
  readonly bodyLimit: string | number;
  /** The general per-client limit on every `/api` route. */
  readonly generalLimiter?: RequestHandler;
  readonly catalog: ProductCatalog;
  readonly orders: Omit<OrdersRouterDeps, 'requireAuth'>;
  readonly health: Health;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly openApi: Record<string, unknown>;
}

const QUIET_PATHS = ['/health/live', '/health/ready', '/metrics'];

/**
 * A middleware whose headers are the same for every request (helmet with its defaults), run once at start-up against
 * a recording response and replayed per request: the same headers in the same order, without its thirteen nested
 * middleware calls on every request. It must not read the request: if it does (a CSP directive given as a function,
 * a nonce), start-up fails instead of serving one request's headers to all.
 */
export function fixedHeaders(middleware: RequestHandler): RequestHandler {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const request = new Proxy(
    {},
    {
      get(_target, property) {
        throw new TypeError(`fixedHeaders: the middleware reads the request (${String(property)})`);
      },
    },
  ) as Request;
  const recorder = {
    setHeader(name: string, value: unknown) {
      if (typeof value !== 'string') throw new TypeError(`fixedHeaders: ${name} is not a single string`);
      set.push([name, value]);
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  } as unknown as Response;
  let finished = false;
  void middleware(request, recorder, (error?: unknown) => {
    if (error !== undefined) throw error;
    finished = true;
  });
  if (!finished) throw new TypeError('fixedHeaders: the middleware did not call next() at once');
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

// #region http-app
/**
 * The service's one Express app, read top to bottom in the order a request meets it: metrics see every request (404s
 * included), logs carry the request id and trace, helmet sets the security headers, probes and the scrape answer
 * without credentials or body parsing; then `/api`: the general limit, the JSON body, and the routers of Chapters 2
 * and 3 and of the capstone, all guarded by the same `requireAuth`. Every error, from any router, leaves through the
 * one chain at the bottom as `application/problem+json`.
 */
export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.use(deps.metrics.httpMetrics);
  app.use(requestLogger(deps.logger, { quietPaths: QUIET_PATHS }));
  app.use(fixedHeaders(helmet()));
  // Under their own prefix, so the probes' router is skipped by every other request instead of entered and searched.
  app.use('/health', healthRoutes(deps.health, { livenessPath: '/live', readinessPath: '/ready' }));
  app.get('/metrics', deps.metrics.metricsHandler);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(deps.openApi);
  });

  if (deps.generalLimiter) app.use('/api', deps.generalLimiter);
  app.use('/api', jsonBody(deps.bodyLimit));
  const guard = requireAuth({ tokens: deps.tokens, sessions: deps.auth });
  app.use('/api/users', createUsersRouter(createUserController(deps.registerUser)));
  app.use(
    '/api/auth',
    createAuthRouter({
      auth: deps.auth,
      requireAuth: guard,
      beforeCredentials: deps.credentialsLimiter ? [deps.credentialsLimiter] : [],
    }),
  );
  app.use('/api/products', createProductsRouter({ catalog: deps.catalog, requireAuth: guard }));
  app.use('/api/orders', createOrdersRouter({ ...deps.orders, requireAuth: guard }));
  // Last of the routers: mounted at `/api` itself (its routes are `/users/me` and `/admin/users/:id`), it would be
  // entered and searched by every `/api` request placed after it.
  app.use('/api', createUsersMeRouter({ users: deps.users, roles: deps.roles, requireAuth: guard }));

  app.use(notFound());
  app.use(databaseOutageAs503());
  app.use(
    problemDetails({
      onUnexpectedError: (error, req) => deps.logger.error({ err: error, url: req.originalUrl }, 'unexpected error'),
    }),
  );
  return app;
}
// #endregion http-app
