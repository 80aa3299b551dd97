import type { Collection, Document, Filter } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  InvalidOptionError,
  KeysetKeyNotUniqueError,
  KeysetMixedKeyTypesError,
} from '../../../chapters/07-database/database-error.js';
import {
  keysetFilter,
  pageAfter,
  pageBySkip,
  processInBatches,
  type BatchProgress,
} from '../../../chapters/07-database/keyset-batches.js';
import { useLiveDb } from '../../support/mongo.js';

const live = useLiveDb('ch07_keyset');
interface Row {
  _id: number;
  kind: string;
  n: number;
}
const rows: Row[] = Array.from({ length: 1_050 }, (_, i) => ({
  _id: i,
  kind: i % 3 === 0 ? 'odd-one' : 'usual',
  n: i,
}));

async function seeded(name: string): Promise<Collection<Row>> {
  const coll = live().db.collection<Row>(name);
  await coll.insertMany(rows);
  return coll;
}

describe('keyset batch processing', () => {
  it('keeps the caller filter, including its own _id condition, next to the key condition', () => {
    expect(keysetFilter<Row>({ _id: { $lt: 100 }, kind: 'x' }, '_id', 41)).toEqual({
      $and: [{ _id: { $lt: 100 }, kind: 'x' }, { _id: { $gt: 41 } }],
    });
    expect(keysetFilter({}, '_id', 41)).toEqual({ _id: { $gt: 41 } });
    expect(keysetFilter({ kind: 'x' }, '_id', undefined)).toEqual({ kind: 'x' });
  });

  it('hands every matching document over exactly once, in key order, in batches no larger than batchSize', async () => {
    const coll = await seeded('all');
    const seen: number[] = [];
    const sizes: number[] = [];
    const progress: BatchProgress[] = [];
    const result = await processInBatches(
      coll,
      async (batch) => {
        sizes.push(batch.length);
        seen.push(...batch.map((d) => d._id));
      },
      { filter: { _id: { $lt: 1_000 }, kind: 'usual' }, batchSize: 100, onProgress: (p) => void progress.push(p) },
    );
    const expected = rows.filter((r) => r._id < 1_000 && r.kind === 'usual').map((r) => r._id);
    expect(seen).toEqual(expected);
    expect(Math.max(...sizes)).toBe(100);
    expect(result).toEqual({ processed: expected.length, batches: sizes.length, lastKey: expected.at(-1) });
    expect(progress.at(-1)).toEqual(result);
  });

  it('resumes from the last key of an interrupted run without repeating or losing a document', async () => {
    const coll = await seeded('resume');
    const seen: number[] = [];
    const controller = new AbortController();
    let checkpoint: unknown;
    const first = processInBatches(coll, async (batch) => void seen.push(...batch.map((d) => d._id)), {
      batchSize: 200,
      signal: controller.signal,
      onProgress: (p) => {
        checkpoint = p.lastKey;
        if (p.batches === 2) controller.abort(new Error('deploy'));
      },
    });
    await expect(first).rejects.toThrow('deploy');
    expect(checkpoint).toBe(399);
    await processInBatches(coll, async (batch) => void seen.push(...batch.map((d) => d._id)), {
      batchSize: 200,
      after: checkpoint,
    });
    expect(seen).toEqual(rows.map((r) => r._id));
  });

  it('refuses a key without a unique index, and accepts it once there is one', async () => {
    const coll = await seeded('unique');
    const handle = async (): Promise<void> => {};
    await expect(processInBatches(coll, handle, { key: 'n' })).rejects.toBeInstanceOf(KeysetKeyNotUniqueError);
    await coll.createIndex({ n: 1 }, { unique: true });
    await expect(processInBatches(coll, handle, { key: 'n', batchSize: 500 })).resolves.toMatchObject({
      processed: rows.length,
      lastKey: 1_049,
    });
  });

  it('keeps the key in an inclusion projection and refuses one that excludes it', async () => {
    const coll = await seeded('projection');
    const batches: Document[][] = [];
    await processInBatches(coll, async (b) => void batches.push(b), {
      filter: { _id: { $lt: 3 } },
      projection: { kind: 1, _id: 0 } as Document,
      batchSize: 2,
    });
    expect(batches.flat()).toEqual([
      { _id: 0, kind: 'odd-one' },
      { _id: 1, kind: 'usual' },
      { _id: 2, kind: 'usual' },
    ]);
    await expect(processInBatches(coll, async () => {}, { key: '_id', projection: { _id: 0 } })).rejects.toBeInstanceOf(
      InvalidOptionError,
    );
    await expect(processInBatches(coll, async () => {}, { batchSize: 0 })).rejects.toBeInstanceOf(InvalidOptionError);
  });

  it('refuses _id values of mixed types before handling any, instead of stopping after the numbers and reporting success', async () => {
    const coll = live().db.collection<{ _id: number | string }>('mixed');
    await coll.insertMany([1, 2, 3, 'a', 'b'].map((_id) => ({ _id })));
    const seen: unknown[] = [];
    const run = processInBatches(coll, async (batch) => void seen.push(...batch.map((d) => d._id)), { batchSize: 2 });
    await expect(run).rejects.toBeInstanceOf(KeysetMixedKeyTypesError);
    await expect(run).rejects.toThrow(/_id.*number.*string/);
    expect(seen).toEqual([]);
  });

  it('batches mixed-type keys one type at a time when the filter names the type', async () => {
    const coll = live().db.collection<{ _id: number | string }>('per-type');
    await coll.insertMany([1, 2, 3, 'a', 'b'].map((_id) => ({ _id })));
    // @ts-expect-error MongoDB's $type takes the alias 'number' (any numeric type); the driver's type list omits it
    const numbers: Filter<{ _id: number | string }> = { _id: { $type: 'number' } };
    const seen: unknown[] = [];
    for (const filter of [numbers, { _id: { $type: 'string' as const } }]) {
      await processInBatches(coll, async (batch) => void seen.push(...batch.map((d) => d._id)), {
        filter,
        batchSize: 2,
      });
    }
    expect(seen).toEqual([1, 2, 3, 'a', 'b']);
  });

  it('reads a page deep in the collection from about as many keys as it returns, where skip walks past all before it', async () => {
    const coll = await seeded('depth');
    const bySkip = await pageBySkip(coll, {}, 10, 100);
    const byKey = await pageAfter(coll, {}, 899, 100);
    expect(byKey).toEqual(bySkip);
    const skipStats = (await coll.find({}).sort({ _id: 1 }).skip(900).limit(100).explain('executionStats'))
      .executionStats as Document;
    const keyStats = (
      await coll
        .find(keysetFilter({}, '_id', 899))
        .sort({ _id: 1 })
        .limit(100)
        .explain('executionStats')
    ).executionStats as Document;
    expect(keyStats.totalKeysExamined).toBeLessThanOrEqual(101);
    expect(skipStats.totalKeysExamined).toBeGreaterThanOrEqual(1_000);
  });
});
