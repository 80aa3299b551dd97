import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { UserRepository } from '../../application/ports/user.repository.port.js';
import { Email } from '../../domain/email.value-object.js';
import { User } from '../../domain/user.entity.js';
import { EmailTakenError } from '../../domain/user.errors.js';
import { DUPLICATE_KEY } from '../../../../platform/mongo/server-error-codes.js';

/** The stored shape. `_id` is the user id (a UUID string), so there is no second id to keep in step. */
export interface UserDocument {
  _id: string;
  name: string;
  email: string;
  passwordHash: string;
  createdAt: Date;
}

export const USERS_COLLECTION = 'users';
export const EMAIL_INDEX = 'email_unique';

// Rehydrates without validation: input rules apply on the way in, and a stored value they refuse today is still data.
function toUser(doc: UserDocument): User {
  return User.restore({
    id: doc._id,
    name: doc.name,
    email: Email.restore(doc.email),
    passwordHash: doc.passwordHash,
    createdAt: doc.createdAt,
  });
}

/**
 * The user repository on the official MongoDB driver. A unique index on the (normalised) email makes the database
 * the one place that decides who got an address first.
 *
 * @example
 * const users = await MongoUserRepository.create(client.db('app'));
 */
export class MongoUserRepository implements UserRepository {
  private constructor(readonly collection: Collection<UserDocument>) {}

  /** Opens the collection and makes sure the unique email index exists (idempotent). */
  static async create(db: Db): Promise<MongoUserRepository> {
    const collection = db.collection<UserDocument>(USERS_COLLECTION);
    await collection.createIndex({ email: 1 }, { unique: true, name: EMAIL_INDEX });
    return new MongoUserRepository(collection);
  }

  // #region insert
  async insert(user: User): Promise<void> {
    try {
      await this.collection.insertOne({
        _id: user.id,
        name: user.name,
        email: user.email.value,
        passwordHash: user.passwordHash,
        createdAt: user.createdAt,
      });
    } catch (error) {
      // Only a duplicate on the email index is a conflict; a duplicate _id or any other failure is a bug or an outage.
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY && isEmailKey(error)) {
        throw new EmailTakenError(user.email.value, { cause: error });
      }
      throw error;
    }
  }
  // #endregion insert

  async findById(id: string): Promise<User | undefined> {
    const doc = await this.collection.findOne({ _id: id });
    return doc ? toUser(doc) : undefined;
  }

  async findByEmail(email: Email): Promise<User | undefined> {
    const doc = await this.collection.findOne({ email: email.value });
    return doc ? toUser(doc) : undefined;
  }
}

function isEmailKey(error: MongoServerError): boolean {
  const pattern: unknown = error.keyPattern ?? error.errorResponse.keyPattern;
  if (pattern && typeof pattern === 'object') return 'email' in pattern;
  // Older servers only name the index in the message.
  return error.message.includes(EMAIL_INDEX);
}
