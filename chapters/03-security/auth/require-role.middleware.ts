import type { RequestHandler } from 'express';
import type { Role } from '../users/roles.js';
import { InsufficientRoleError } from './auth-errors.js';
import { principalOf } from './bearer-auth.middleware.js';

// #region require-role
/**
 * Admits callers holding at least one of `roles`. Mount after `requireAuth`: no principal is a 401 (who are you?),
 * a principal without the role is a 403 (we know who you are, and no).
 *
 * @example
 * router.get('/admin/users/:id', requireAuth(opts), requireRole('admin'), handler);
 */
export function requireRole(...roles: readonly Role[]): RequestHandler {
  if (roles.length === 0) throw new TypeError('requireRole needs at least one role');
  return (_req, res, next) => {
    const principal = principalOf(res);
    if (!roles.some((role) => principal.roles.includes(role))) throw new InsufficientRoleError(roles);
    next();
  };
}
// #endregion require-role
