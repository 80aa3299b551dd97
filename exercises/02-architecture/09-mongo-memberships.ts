import type { Db } from 'mongodb';
import { ConflictError } from '../../chapters/02-architecture/errors/app-error.js';
import { TodoError } from '../../workbook/todo-error.js';

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

/**
 * Memberships in MongoDB. The database, not a "find, then insert" in code, decides that an email joins a workspace
 * at most once, so two invitations accepted at the same moment cannot both succeed.
 */
export class MongoMembershipRepository {
  // TODO(02.9): the contract of the repository, on the collection MEMBERSHIPS_COLLECTION of `db`:
  // - the constructor does no I/O;
  // - ensureIndexes() makes sure a unique index named MEMBERSHIP_INDEX with the key { workspaceId: 1, email: 1 }
  //   exists; it may run any number of times, from any number of repository instances, and leaves exactly one;
  // - add(membership) stores one document whose _id is the membership's id. When (after ensureIndexes) the
  //   workspace already has a membership for that email, including one added concurrently, it rejects with
  //   AlreadyMemberError for that workspace and email, carrying the driver's error as its `cause`, and stores
  //   nothing. A duplicate id is not a conflict but a bug: the driver's error is rethrown as it is;
  // - find(workspaceId, email) resolves to that membership (the fields of Membership, nothing else), or undefined.
  constructor(_db: Db) {
    throw new TodoError('02.9');
  }

  async ensureIndexes(): Promise<void> {
    throw new TodoError('02.9');
  }

  async add(_membership: Membership): Promise<void> {
    throw new TodoError('02.9');
  }

  async find(_workspaceId: string, _email: string): Promise<Membership | undefined> {
    throw new TodoError('02.9');
  }
}
