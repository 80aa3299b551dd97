import type { Collection, Db } from 'mongodb';

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

/** The database's own collections: system.* ones (system.views, system.profile) belong to the server. */
async function ownCollections(db: Db): Promise<Collection[]> {
  return (await db.collections()).filter((collection) => !collection.collectionName.startsWith('system.'));
}

/** A test-database cleaner that refuses any database whose name does not match `namePattern` (default /^test_/). */
export function createDatabaseJanitor(db: Db, options: { namePattern?: RegExp } = {}): DatabaseJanitor {
  const pattern = options.namePattern ?? /^test_/;
  if (!pattern.test(db.databaseName)) {
    throw new UnsafeDatabaseError(
      `refusing to clean database "${db.databaseName}": its name does not match ${String(pattern)}; tests run on databases named test_<file>_<random>`,
    );
  }
  let snapshot: Map<string, string[]> | undefined;

  async function indexesNow(): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    for (const collection of await ownCollections(db)) {
      const indexes = await collection.indexes();
      result.set(
        collection.collectionName,
        indexes.map((index) => String(index.name)),
      );
    }
    return result;
  }

  const janitor: DatabaseJanitor = {
    async snapshotIndexes() {
      snapshot = await indexesNow();
    },
    async reset() {
      await Promise.all((await ownCollections(db)).map((collection) => collection.deleteMany({})));
      if (snapshot) await janitor.assertIndexesIntact();
    },
    async assertIndexesIntact() {
      if (!snapshot)
        throw new IndexesChangedError(
          'no index snapshot: call snapshotIndexes() after the app has created its indexes',
        );
      const now = await indexesNow();
      const missing: string[] = [];
      for (const [collection, names] of snapshot) {
        for (const name of names) if (!now.get(collection)?.includes(name)) missing.push(`${collection}.${name}`);
      }
      if (missing.length > 0)
        throw new IndexesChangedError(`indexes missing since the snapshot: ${missing.join(', ')}`);
    },
  };
  return janitor;
}
