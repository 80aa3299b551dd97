import type { UserRepository } from '../../application/ports/user.repository.port.js';
import type { Email } from '../../domain/email.value-object.js';
import type { User } from '../../domain/user.entity.js';
import { EmailTakenError } from '../../domain/user.errors.js';

// #region insert
/**
 * Users in two maps, for tests and the learner's first runs. Same contract as the MongoDB adapter: the email check
 * and the write happen in one synchronous step, with no `await` between them, so concurrent inserts cannot both pass.
 */
export class InMemoryUserRepository implements UserRepository {
  readonly #byId = new Map<string, User>();
  readonly #idByEmail = new Map<string, string>();

  async insert(user: User): Promise<void> {
    if (this.#idByEmail.has(user.email.value)) throw new EmailTakenError(user.email.value);
    if (this.#byId.has(user.id)) throw new Error(`a user with id ${user.id} already exists: ids must be unique`);
    this.#idByEmail.set(user.email.value, user.id);
    this.#byId.set(user.id, user);
  }
  // #endregion insert

  async findById(id: string): Promise<User | undefined> {
    return this.#byId.get(id);
  }

  async findByEmail(email: Email): Promise<User | undefined> {
    const id = this.#idByEmail.get(email.value);
    return id === undefined ? undefined : this.#byId.get(id);
  }

  /** How many users are stored (tests). */
  get size(): number {
    return this.#byId.size;
  }
}
