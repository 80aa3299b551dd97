// Indexes that are used and explain output that tells the truth, as MongoDB documents them, against every provider.
import { describe, expect, it } from 'vitest';
import { contractTargets, targetTitle, useContractDb } from '../../support/mongo.js';
import { indexScan, stageNames } from './support/explain.js';

const N = 500;
const people = Array.from({ length: N }, (_, i) => ({
  _id: i,
  email: `user${i}@example.test`,
  age: i % 80,
  status: i % 3 === 0 ? 'active' : 'idle',
  tags: [`t${i % 5}`, `t${(i + 1) % 5}`],
}));

for (const target of contractTargets()) {
  describe.skipIf(target.skip)(`explain contract: ${targetTitle(target)}`, () => {
    const live = useContractDb(target, 'explain');

    it('scans every document (COLLSCAN) before an index exists, and reads one key and one document (IXSCAN) after', async () => {
      const coll = live().coll('lookup');
      await coll.insertMany(people);
      const before = await coll.find({ email: 'user321@example.test' }).explain('executionStats');
      expect(stageNames(before)).toContain('COLLSCAN');
      expect(before.executionStats).toMatchObject({ nReturned: 1, totalDocsExamined: N, totalKeysExamined: 0 });

      await coll.createIndex({ email: 1 });
      const after = await coll.find({ email: 'user321@example.test' }).explain('executionStats');
      expect(indexScan(after)).toMatchObject({
        indexName: 'email_1',
        indexBounds: { email: ['["user321@example.test", "user321@example.test"]'] },
      });
      expect(stageNames(after)).not.toContain('COLLSCAN');
      expect(after.executionStats).toMatchObject({ nReturned: 1, totalKeysExamined: 1, totalDocsExamined: 1 });
    });

    it('answers a range from the index, examining no more keys or documents than it returns plus one', async () => {
      const coll = live().coll('range');
      await coll.insertMany(people);
      await coll.createIndex({ age: 1 });
      const explain = await coll.find({ age: { $gte: 30, $lt: 35 } }).explain('executionStats');
      const stats = explain.executionStats as {
        nReturned: number;
        totalKeysExamined: number;
        totalDocsExamined: number;
      };
      expect(stats.nReturned).toBe(people.filter((p) => p.age >= 30 && p.age < 35).length);
      expect(stats.totalKeysExamined).toBeLessThanOrEqual(stats.nReturned + 1);
      expect(stats.totalDocsExamined).toBeLessThanOrEqual(stats.nReturned + 1);
      expect(indexScan(explain)?.indexBounds).toEqual({ age: ['[30, 35)'] });
    });

    it('needs no in-memory SORT when the index gives the order, and sorts in memory when none does', async () => {
      const coll = live().coll('sorting');
      await coll.insertMany(people);
      await coll.createIndex({ age: 1 });
      const byIndex = await coll
        .find({ age: { $gt: 70 } })
        .sort({ age: -1 })
        .explain('executionStats');
      expect(stageNames(byIndex)).not.toContain('SORT');
      expect(indexScan(byIndex)?.direction).toBe('backward');
      const inMemory = await coll
        .find({ age: { $gt: 70 } })
        .sort({ email: 1 })
        .explain('executionStats');
      expect(stageNames(inMemory)).toContain('SORT');
      const docs = await coll
        .find({ age: { $gt: 70 } })
        .sort({ age: -1 })
        .toArray();
      expect(docs.map((d) => d.age)).toEqual([...docs.map((d) => d.age as number)].sort((a, b) => b - a));
    });

    it('uses a compound index for equality, then sort, then range, without a SORT stage', async () => {
      const coll = live().coll('compound');
      await coll.insertMany(people);
      await coll.createIndex({ status: 1, age: 1 });
      const query = { status: 'active', age: { $gte: 60 } };
      const explain = await coll.find(query).sort({ age: 1 }).explain('executionStats');
      expect(indexScan(explain)).toMatchObject({ indexName: 'status_1_age_1' });
      expect(stageNames(explain)).not.toContain('SORT');
      const stats = explain.executionStats as { nReturned: number; totalKeysExamined: number };
      expect(stats.nReturned).toBe(people.filter((p) => p.status === 'active' && p.age >= 60).length);
      expect(stats.totalKeysExamined).toBeLessThanOrEqual(stats.nReturned + 1);
    });

    it('indexes each element of an array field (multikey) and returns each document once', async () => {
      const coll = live().coll('multikey');
      await coll.insertMany(people);
      await coll.createIndex({ tags: 1 });
      const explain = await coll.find({ tags: 't2' }).explain('executionStats');
      expect(indexScan(explain)).toMatchObject({ indexName: 'tags_1', isMultiKey: true });
      const expected = people.filter((p) => p.tags.includes('t2')).length;
      expect(explain.executionStats).toMatchObject({ nReturned: expected, totalKeysExamined: expected });
      const docs = await coll.find({ tags: { $in: ['t1', 't2'] } }).toArray();
      expect(new Set(docs.map((d) => d._id)).size).toBe(docs.length);
    });

    it('finds the same documents with and without an index', async () => {
      const coll = live().coll('same_answer');
      await coll.insertMany(people);
      const filter = { age: { $gt: 10, $lte: 12 }, status: 'idle' };
      const scanned = await coll.find(filter).sort({ _id: 1 }).toArray();
      await coll.createIndex({ age: 1, status: 1 });
      const indexed = await coll.find(filter).sort({ _id: 1 }).toArray();
      expect(indexed).toEqual(scanned);
      expect(scanned.length).toBeGreaterThan(0);
    });
  });
}
