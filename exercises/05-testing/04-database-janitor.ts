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

/** A cleaner for test databases that keeps every collection and index, and refuses any other database. */
// TODO(05.4):
// - at creation, before anything else, throw UnsafeDatabaseError (`refusing to clean database "<name>": ...`) unless
//   db.databaseName matches options.namePattern (default: names starting with `test_`);
// - snapshotIndexes(): remember the index names of every collection except the system.* ones; a later call replaces
//   the snapshot;
// - reset(): empty every such collection, keeping the collections themselves and their indexes (a unique index must
//   still refuse duplicates afterwards), then, if a snapshot was taken, check it as assertIndexesIntact() does;
// - assertIndexesIntact(): without a snapshot throw IndexesChangedError('no index snapshot: ...'); when any index of
//   the snapshot is missing (its index dropped, or its whole collection), throw IndexesChangedError
//   (`indexes missing since the snapshot: users.email_unique, ...`) naming every missing one; indexes added since
//   are fine.
export function createDatabaseJanitor(_db: Db, _options: { namePattern?: RegExp } = {}): DatabaseJanitor {
  throw new TodoError('05.4');
}
