import type { Db } from 'mongodb';
import { TodoError } from '../../workbook/todo-error.js';

/** The database's name does not look like a test database: the janitor refuses to touch it. */
export class UnsafeDatabaseError extends Error {
  override readonly name = 'UnsafeDatabaseError';
  readonly code = 'UNSAFE_DATABASE';
}

/** An index that existed at the snapshot is gone. */
export class IndexesChangedError extends Error {
  override readonly name = 'IndexesChangedError';
  readonly code = 'INDEXES_CHANGED';
}

export interface DatabaseJanitor {
  /** Records every collection's index names (call once the app has created its indexes). */
  snapshotIndexes(): Promise<void>;
  /** Deletes every document, keeps collections and indexes; then checks the snapshot, if one was taken. */
  reset(): Promise<void>;
  /** Throws `IndexesChangedError` naming each `collection.index` from the snapshot that is missing now. */
  assertIndexesIntact(): Promise<void>;
}

// TODO(05.4): build on resetDatabase in chapters/05-testing/harness/isolation.ts:
// - at creation, throw UnsafeDatabaseError (`refusing to clean database "<name>": ...`) unless db.databaseName matches
//   options.namePattern (default /^test_/);
// - snapshotIndexes(): for each collection not named system.*, remember its index names (collection.indexes());
// - reset(): deleteMany({}) on each such collection (never drop), then assertIndexesIntact() if a snapshot exists;
// - assertIndexesIntact(): without a snapshot throw IndexesChangedError('no index snapshot: ...'); otherwise throw
//   IndexesChangedError(`indexes missing since the snapshot: users.email_unique, ...`) when any is gone.
export function createDatabaseJanitor(_db: Db, _options: { namePattern?: RegExp } = {}): DatabaseJanitor {
  throw new TodoError('05.4');
}
