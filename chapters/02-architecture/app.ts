import express, { type Express } from 'express';
import type { RegisterUser } from './application/register-user.use-case.js';
import { notFound, problemDetails, type ProblemDetailsOptions } from './adapters/http/problem-details.middleware.js';
import { createUserController } from './adapters/http/user.controller.js';
import { createUsersRouter } from './adapters/http/users.router.js';

/** Everything the HTTP app needs, built elsewhere (a composition root or a test). */
export interface AppDependencies {
  readonly registerUser: RegisterUser;
  /** Largest JSON body accepted; bigger bodies get a 413 (default `16kb`). */
  readonly bodyLimit?: string | number;
  readonly onUnexpectedError?: ProblemDetailsOptions['onUnexpectedError'];
  /** Mounts more routes (later chapters, the capstone) before the 404 and error handlers. */
  readonly mount?: (app: Express) => void;
}

// #region create-app
/**
 * Builds the Express 5 app from its dependencies. It opens nothing and listens on nothing, so a test can build one
 * per case and the capstone can compose it with its own routes.
 *
 * @example
 * const server = createApp({ registerUser }).listen(0);
 */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by'); // no free hint about the stack to scanners
  app.use(express.json({ limit: deps.bodyLimit ?? '16kb' }));
  app.use('/users', createUsersRouter(createUserController(deps.registerUser)));
  deps.mount?.(app);
  app.use(notFound());
  app.use(problemDetails(deps.onUnexpectedError ? { onUnexpectedError: deps.onUnexpectedError } : {}));
  return app;
}
// #endregion create-app
