import type { RequestHandler } from 'express';
import { ForbiddenError } from '../../chapters/02-architecture/errors/app-error.js';
import { bearerChallenge } from '../../chapters/03-security/auth/auth-errors.js';
import { principalOf } from '../../chapters/03-security/auth/bearer-auth.middleware.js';
import type { Role } from '../../chapters/03-security/users/roles.js';

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
    return {
      'WWW-Authenticate': `${bearerChallenge('insufficient_scope', 'the token lacks a required permission')}, scope="${this.missing.join(' ')}"`,
    };
  }

  override extensions(): Record<string, unknown> {
    return { missingPermissions: this.missing };
  }
}

/** Every permission any of `roles` grants. */
export function permissionsOf(
  roles: readonly Role[],
  map: RolePermissions = DEFAULT_ROLE_PERMISSIONS,
): ReadonlySet<Permission> {
  const granted = new Set<Permission>();
  for (const role of roles) for (const permission of map[role] ?? []) granted.add(permission);
  return granted;
}

/** Admits a caller whose roles grant ALL of `needed`; 401 without a principal, 403 naming what is missing. */
export function requirePermissions(
  needed: readonly Permission[],
  map: RolePermissions = DEFAULT_ROLE_PERMISSIONS,
): RequestHandler {
  if (needed.length === 0) throw new TypeError('requirePermissions needs at least one permission');
  return (_req, res, next) => {
    const granted = permissionsOf(principalOf(res).roles, map);
    const missing = needed.filter((permission) => !granted.has(permission));
    if (missing.length > 0) throw new MissingPermissionError(missing);
    next();
  };
}
