import express, { type Express } from 'express';
import type { RegisterUser } from './application/register-user.use-case.js';
import { jsonBody } from './adapters/http/json-body.middleware.js';
import { notFound, problemDetails, type ProblemDetailsOptions } from './adapters/http/problem-details.middleware.js';
import { createUserController } from './adapters/http/user.controller.js';
import { createUsersRouter } from './adapters/http/users.router.js';

/** Everything the HTTP app needs, built elsewhere (a composition root or a test). */
export interface AppDependencies {
  readonly registerUser: RegisterUser;
  /** Largest JSON body accepted; bigger bodies get a 413 (default `16kb`). */
  readonly bodyLimit?: string | number;
  readonly onUnexpectedError?: ProblemDetailsOptions['onUnexpectedError'];
}

// #region create-app
/**
 * The chapter's demo app: Chapter 2's router and middleware factories, composed once. It opens nothing and listens on
 * nothing, so a test can build one per case. A bigger service (Chapter 3's app, the capstone) does not wrap this
 * app: it composes the same factories into its own `express()`.
 *
 * @example
 * const server = createApp({ registerUser }).listen(0);
 */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by'); // no free hint about the stack to scanners
  app.use(jsonBody(deps.bodyLimit));
  app.use('/users', createUsersRouter(createUserController(deps.registerUser)));
  app.use(notFound());
  app.use(problemDetails(deps.onUnexpectedError ? { onUnexpectedError: deps.onUnexpectedError } : {}));
  return app;
}
// #endregion create-app
