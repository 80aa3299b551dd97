import { Router, type RequestHandler } from 'express';
import { toUserResponse } from '../../02-architecture/adapters/http/user.controller.js';
import type { UserRepository } from '../../02-architecture/application/ports/user.repository.port.js';
import { NotFoundError } from '../../02-architecture/errors/app-error.js';
import { InvalidTokenError } from '../auth/auth-errors.js';
import { principalOf } from '../auth/bearer-auth.middleware.js';
import { requireRole } from '../auth/require-role.middleware.js';
import type { UserRoles } from './roles.js';

export interface UsersMeRouterDeps {
  readonly users: Pick<UserRepository, 'findById'>;
  readonly roles: UserRoles;
  readonly requireAuth: RequestHandler;
  /** Runs after authentication (part 2: a per-user rate limiter). */
  readonly afterAuth?: readonly RequestHandler[];
}

/**
 * `GET /users/me` (any signed-in user) and `GET /admin/users/:id` (admins only). The profile is built field by field
 * by Chapter 2's `toUserResponse`, so a password hash has no way out.
 */
export function createUsersMeRouter(deps: UsersMeRouterDeps): Router {
  const router = Router();
  const guarded = [deps.requireAuth, ...(deps.afterAuth ?? [])];
  router.get('/users/me', ...guarded, async (_req, res) => {
    const { userId } = principalOf(res);
    const user = await deps.users.findById(userId);
    if (!user) throw new InvalidTokenError('the user no longer exists');
    res.json({ ...toUserResponse(user.toPublic()), roles: await deps.roles.rolesOf(userId) });
  });
  router.get('/admin/users/:id', ...guarded, requireRole('admin'), async (req, res) => {
    const user = await deps.users.findById(String(req.params.id));
    if (!user) throw new NotFoundError(`No user with id ${String(req.params.id)}`);
    res.json({ ...toUserResponse(user.toPublic()), roles: await deps.roles.rolesOf(user.id) });
  });
  return router;
}
