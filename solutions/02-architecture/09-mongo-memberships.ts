import { MongoServerError, type Collection, type Db } from 'mongodb';
import { ConflictError } from '../../chapters/02-architecture/errors/app-error.js';

export type MemberRole = 'owner' | 'member';

/** One person's membership of one workspace. Emails arrive normalised (the chapter's `Email.parse` did that). */
export interface Membership {
  readonly id: string;
  readonly workspaceId: string;
  readonly email: string;
  readonly role: MemberRole;
}

export const MEMBERSHIPS_COLLECTION = 'memberships';
export const MEMBERSHIP_INDEX = 'workspace_email_unique';

/** 409: this email is already a member of this workspace. */
export class AlreadyMemberError extends ConflictError {
  override readonly code = 'ALREADY_MEMBER';

  constructor(
    readonly workspaceId: string,
    readonly email: string,
    options?: ErrorOptions,
  ) {
    super(`${email} is already a member of workspace ${workspaceId}; change their role instead`, options);
  }
}

interface MembershipDocument {
  _id: string;
  workspaceId: string;
  email: string;
  role: MemberRole;
}

/**
 * Memberships in MongoDB. The database, not a "find, then insert" in code, decides that an email joins a workspace
 * at most once, so two invitations accepted at the same moment cannot both succeed.
 */
export class MongoMembershipRepository {
  readonly #collection: Collection<MembershipDocument>;

  constructor(db: Db) {
    this.#collection = db.collection<MembershipDocument>(MEMBERSHIPS_COLLECTION);
  }

  /** createIndex is idempotent for the same key and options, so every instance may call this at start-up. */
  async ensureIndexes(): Promise<void> {
    await this.#collection.createIndex({ workspaceId: 1, email: 1 }, { unique: true, name: MEMBERSHIP_INDEX });
  }

  async add(membership: Membership): Promise<void> {
    const { id, workspaceId, email, role } = membership;
    try {
      await this.#collection.insertOne({ _id: id, workspaceId, email, role });
    } catch (error) {
      if (isMembershipDuplicate(error)) throw new AlreadyMemberError(workspaceId, email, { cause: error });
      throw error;
    }
  }

  async find(workspaceId: string, email: string): Promise<Membership | undefined> {
    const doc = await this.#collection.findOne({ workspaceId, email });
    return doc === null ? undefined : { id: doc._id, workspaceId: doc.workspaceId, email: doc.email, role: doc.role };
  }
}

// The server sets keyPattern only on a duplicate-key error (code 11000), naming the fields of the index that refused
// the write: the membership index is the conflict; a duplicate _id (keyPattern { _id: 1 }) is a bug.
function isMembershipDuplicate(error: unknown): boolean {
  return error instanceof MongoServerError && 'email' in (error.keyPattern ?? {});
}
