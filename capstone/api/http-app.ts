import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { notFound, problemDetails } from '../../chapters/02-architecture/adapters/http/problem-details.middleware.js';
import { createSecureApp, type SecureAppDependencies } from '../../chapters/03-security/app.js';
import { requireAuth } from '../../chapters/03-security/auth/bearer-auth.middleware.js';
import { healthRoutes, type Health } from '../../chapters/08-production/health.js';
import { requestLogger, type Logger } from '../../chapters/08-production/logging.js';
import type { Metrics } from '../../chapters/08-production/metrics.js';
import type { ProductCatalog } from '../catalog/product-catalog.js';
import { createProductsRouter } from '../catalog/products.router.js';
import { createOrdersRouter, type OrdersRouterDeps } from '../orders/orders.router.js';
import { databaseOutageAs503 } from '../runtime/database-unavailable.js';

export interface HttpAppDeps extends Omit<SecureAppDependencies, 'mount' | 'onUnexpectedError'> {
  readonly catalog: ProductCatalog;
  readonly orders: Omit<OrdersRouterDeps, 'requireAuth'>;
  readonly health: Health;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly openApi: Record<string, unknown>;
  /** The general per-client limit on every `/api` route (Chapter 3 part 2); the strict one is `credentialsLimiter`. */
  readonly generalLimiter?: RequestHandler;
}

const QUIET_PATHS = ['/health/live', '/health/ready', '/metrics'];

// #region http-app
/**
 * The service's HTTP surface, outermost first: metrics see every request (404s included), logs carry the request id
 * and trace, helmet sets the security headers, probes and the scrape answer without credentials, and `/api` is
 * Chapter 3's secure app (Chapter 2's app inside it) with the products and orders routes mounted through its hook.
 * Every error, at any depth, leaves through a problem-details middleware as `application/problem+json`.
 */
export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.use(deps.metrics.httpMetrics);
  app.use(requestLogger(deps.logger, { quietPaths: QUIET_PATHS }));
  app.use(helmet());
  app.use(healthRoutes(deps.health));
  app.get('/metrics', deps.metrics.metricsHandler);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(deps.openApi);
  });
  if (deps.generalLimiter) app.use('/api', deps.generalLimiter);
  const guard = requireAuth({ tokens: deps.tokens, sessions: deps.auth });
  const api = createSecureApp({
    ...deps,
    onUnexpectedError: (error, req) => deps.logger.error({ err: error, url: req.originalUrl }, 'unexpected error'),
    mount(inner) {
      inner.use('/products', createProductsRouter({ catalog: deps.catalog, requireAuth: guard }));
      inner.use('/orders', createOrdersRouter({ ...deps.orders, requireAuth: guard }));
      // Last in the inner app, so it sees the errors of every route above it, Chapter 2's and 3's included.
      inner.use(databaseOutageAs503());
    },
  });
  app.use('/api', api);
  app.use(notFound());
  app.use(databaseOutageAs503());
  app.use(problemDetails({ onUnexpectedError: (error, req) => deps.logger.error({ err: error, url: req.originalUrl }, 'unexpected error') }));
  return app;
}
// #endregion http-app
