import { Router, type RequestHandler } from 'express';
import { parseBody } from '../../02-architecture/adapters/http/parse-body.js';
import type { AuthService } from './auth.service.js';
import { loginBody, refreshBody } from './auth.schemas.js';
import { principalOf } from './bearer-auth.middleware.js';

export interface AuthRouterDeps {
  readonly auth: AuthService;
  /** `requireAuth(...)`: logout needs a valid access token, and revokes its session. */
  readonly requireAuth: RequestHandler;
  /** Runs before sign-in and refresh (Chapter 3 part 2 puts a rate limiter here). */
  readonly beforeCredentials?: readonly RequestHandler[];
}

// #region router
/**
 * `POST /login`, `POST /refresh`, `POST /logout`; mounted at `/auth`. Token responses are `Cache-Control: no-store`
 * (RFC 6749 section 5.1): no proxy or browser cache may keep a token.
 *
 * @example
 * app.use('/auth', createAuthRouter({ auth, requireAuth: requireAuth({ tokens, sessions: auth }) }));
 */
export function createAuthRouter(deps: AuthRouterDeps): Router {
  const router = Router();
  const before = deps.beforeCredentials ?? [];
  router.post('/login', ...before, async (req, res) => {
    const body = parseBody(loginBody, req.body);
    res.set('Cache-Control', 'no-store').json(await deps.auth.login(body.email, body.password));
  });
  router.post('/refresh', ...before, async (req, res) => {
    const body = parseBody(refreshBody, req.body);
    res.set('Cache-Control', 'no-store').json(await deps.auth.refresh(body.refreshToken));
  });
  router.post('/logout', deps.requireAuth, async (_req, res) => {
    await deps.auth.logout(principalOf(res).sessionId);
    res.status(204).end();
  });
  return router;
}
// #endregion router
