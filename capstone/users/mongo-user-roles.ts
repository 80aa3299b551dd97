import type { Collection, Db } from 'mongodb';
import type { Role, UserRoles } from '../../chapters/03-security/users/roles.js';
import { isRole } from '../../chapters/03-security/users/roles.js';

interface UserRolesDocument {
  _id: string;
  roles: Role[];
}

/**
 * Chapter 3's `UserRoles` port in MongoDB: granted roles beside the user, keyed by user id. Everyone is a `user`.
 *
 * @example
 * const roles = await MongoUserRoles.create(db);
 * await roles.grant(adminId, 'admin');
 */
export class MongoUserRoles implements UserRoles {
  private constructor(private readonly collection: Collection<UserRolesDocument>) {}

  static async create(db: Db): Promise<MongoUserRoles> {
    return new MongoUserRoles(db.collection<UserRolesDocument>('user_roles'));
  }

  async grant(userId: string, role: Role): Promise<void> {
    await this.collection.updateOne({ _id: userId }, { $addToSet: { roles: role } }, { upsert: true });
  }

  async rolesOf(userId: string): Promise<readonly Role[]> {
    const doc = await this.collection.findOne({ _id: userId });
    return ['user', ...(doc?.roles ?? []).filter((role) => isRole(role) && role !== 'user')];
  }
}
