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
    // TODO(03.1): one header, WWW-Authenticate, with the RFC 6750 challenge for a token that lacks scope:
    // `Bearer realm="workbook", error="insufficient_scope", error_description="<why, in words>", scope="<missing>"`,
    // the missing permissions separated by single spaces.
    throw new TodoError('03.1');
  }

  override extensions(): Record<string, unknown> {
    // TODO(03.1): the problem document gains `missingPermissions`: the permissions this error was built with.
    throw new TodoError('03.1');
  }
}

/** Every permission any of `roles` grants under `map`, each once. A role the map does not know grants nothing. */
export function permissionsOf(
  _roles: readonly Role[],
  _map: RolePermissions = DEFAULT_ROLE_PERMISSIONS,
): ReadonlySet<Permission> {
  // TODO(03.1): return the permissions described above.
  throw new TodoError('03.1');
}

/**
 * Middleware that admits a caller whose roles grant ALL of `needed` (under `map`). A caller lacking any of them gets a
 * MissingPermissionError naming exactly the ones lacking, in the order `needed` lists them. A request with no
 * principal (the route forgot requireAuth) is a 401 MissingCredentialsError, never a 403. A guard that asks for
 * nothing is a mistake: a TypeError, with a message that says so, when it is built.
 */
export function requirePermissions(
  _needed: readonly Permission[],
  _map: RolePermissions = DEFAULT_ROLE_PERMISSIONS,
): RequestHandler {
  // TODO(03.1): return the guard described above.
  throw new TodoError('03.1');
}
