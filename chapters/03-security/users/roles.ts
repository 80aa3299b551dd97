/** The roles this service knows. Every signed-in user has `user`; `admin` is granted. */
export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

// #region port
/**
 * Roles live beside the Chapter 2 user, keyed by user id, so the user entity and its repositories stay as they are.
 * Owned by the auth use cases; the capstone stores roles in MongoDB behind the same interface.
 */
export interface UserRoles {
  rolesOf(userId: string): Promise<readonly Role[]>;
}
// #endregion port

/** Roles in a map: everyone is a `user`, and `grant` adds more. */
export class InMemoryUserRoles implements UserRoles {
  readonly #granted = new Map<string, Set<Role>>();

  grant(userId: string, role: Role): this {
    const roles = this.#granted.get(userId) ?? new Set<Role>();
    roles.add(role);
    this.#granted.set(userId, roles);
    return this;
  }

  async rolesOf(userId: string): Promise<readonly Role[]> {
    return ['user', ...[...(this.#granted.get(userId) ?? [])].filter((role) => role !== 'user')];
  }
}
