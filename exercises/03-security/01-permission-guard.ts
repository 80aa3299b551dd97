import type { RequestHandler } from 'express';
import { ForbiddenError } from '../../chapters/02-architecture/errors/app-error.js';
import type { Role } from '../../chapters/03-security/users/roles.js';
import { TodoError } from '../../workbook/todo-error.js';

/** Fine-grained rights. Routes ask for permissions; roles are only bundles of them. */
export type Permission = 'profile:read' | 'users:read' | 'users:delete' | 'reports:export';

export type RolePermissions = Readonly<Record<Role, readonly Permission[]>>;

export const DEFAULT_ROLE_PERMISSIONS: RolePermissions = {
  user: ['profile:read'],
  admin: ['profile:read', 'users:read', 'users:delete', 'reports:export'],
};

/** 403 naming the permissions the caller lacks, with an RFC 6750 `insufficient_scope` challenge. */
export class MissingPermissionError extends ForbiddenError {
  override readonly code = 'MISSING_PERMISSION';

  constructor(readonly missing: readonly Permission[]) {
    super(`This route needs the permissions: ${missing.join(', ')}`);
  }

  override headers(): Record<string, string> {
    // TODO(03.1): return WWW-Authenticate: the chapter's bearerChallenge('insufficient_scope', ...) plus `, scope="a b"`
    // listing the missing permissions separated by spaces.
    throw new TodoError('03.1');
  }

  override extensions(): Record<string, unknown> {
    // TODO(03.1): add `missingPermissions` to the problem document.
    throw new TodoError('03.1');
  }
}

/** Every permission any of `roles` grants. */
export function permissionsOf(_roles: readonly Role[], _map: RolePermissions = DEFAULT_ROLE_PERMISSIONS): ReadonlySet<Permission> {
  // TODO(03.1): the union of the permissions of every role.
  throw new TodoError('03.1');
}

/** Admits a caller whose roles grant ALL of `needed`; 401 without a principal, 403 naming what is missing. */
export function requirePermissions(_needed: readonly Permission[], _map: RolePermissions = DEFAULT_ROLE_PERMISSIONS): RequestHandler {
  // TODO(03.1): refuse an empty list at build time; at request time read principalOf(res) (it answers 401 when
  // requireAuth did not run), compute what is missing, and throw MissingPermissionError(missing) or call next().
  throw new TodoError('03.1');
}
