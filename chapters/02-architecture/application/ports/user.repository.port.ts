import type { Email } from '../../domain/email.value-object.js';
import type { User } from '../../domain/user.entity.js';

// #region port
/**
 * Where users live. Owned by the application; adapters (MongoDB, in-memory) implement it and one contract test suite
 * holds them to the same behaviour.
 */
export interface UserRepository {
  /**
   * Stores a new user. Atomic: when two inserts race with the same email, exactly one succeeds and the other rejects
   * with `EmailTakenError`. There is no separate "check, then insert" a caller could get wrong.
   */
  insert(user: User): Promise<void>;
  findById(id: string): Promise<User | undefined>;
  findByEmail(email: Email): Promise<User | undefined>;
}
// #endregion port
