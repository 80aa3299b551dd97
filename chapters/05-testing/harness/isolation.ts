import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';

/** A database name for one test file: `test_<label>_<random>`, so files can run in parallel against one server. */
export function testDatabaseName(label: string): string {
  return `test_${label.replace(/[^a-zA-Z0-9_]/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
}

// #region reset
/**
 * Empties every collection of `db` and keeps the collections and their indexes. The guide's `dropDatabase()` between
 * tests also drops the unique email index, which the app created once at start-up: from the second test on, the
 * duplicate-email check has nothing to enforce it. Deleting documents keeps the schema the app set up.
 *
 * @example
 * beforeEach(() => resetDatabase(db));
 */
export async function resetDatabase(db: Db): Promise<void> {
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  await Promise.all(
    collections
      .filter((info) => !info.name.startsWith('system.'))
      .map((info) => db.collection(info.name).deleteMany({})),
  );
}
// #endregion reset
