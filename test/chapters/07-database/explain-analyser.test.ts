import { describe, expect, it } from 'vitest';
import { analyseExplain, findUnusedIndexes } from '../../../chapters/07-database/explain-analyser.js';
import { useLiveDb } from '../../support/mongo.js';

const live = useLiveDb('ch07_explain');
interface Person {
  _id: number;
  email: string;
  age: number;
  status: string;
}
const N = 2_000;
const people: Person[] = Array.from({ length: N }, (_, i) => ({
  _id: i,
  email: `user${i}@example.test`,
  age: i % 80,
  status: i % 4 === 0 ? 'active' : 'idle',
}));

describe('explain analyser', () => {
  it('reports a collection scan in words, with documents read against documents returned', async () => {
    const coll = live().db.collection<Person>('scan');
    await coll.insertMany(people);
    const report = analyseExplain(await coll.find({ email: 'user7@example.test' }).explain('executionStats'));
    expect(report.stages).toContain('COLLSCAN');
    expect(report).toMatchObject({ nReturned: 1, docsExamined: N });
    expect(report.findings.map((f) => f.kind)).toEqual(['collection-scan']);
    expect(report.findings[0]?.message).toContain('read 2,000 documents to return 1');
  });

  it('names the index used once one exists, and reads about as many documents as it returns', async () => {
    const coll = live().db.collection<Person>('indexed');
    await coll.insertMany(people);
    await coll.createIndex({ email: 1 });
    const report = analyseExplain(await coll.find({ email: 'user7@example.test' }).explain('executionStats'));
    expect(report.indexesUsed).toEqual(['email_1']);
    expect(report.docsExamined).toBeLessThanOrEqual(report.nReturned + 1);
    expect(report.findings.map((f) => f.kind)).toEqual(['index-used']);
  });

  it('calls a scan wide when the index leaves most of the filter to document checks', async () => {
    const coll = live().db.collection<Person>('wide');
    await coll.insertMany(people);
    await coll.createIndex({ status: 1 });
    const report = analyseExplain(await coll.find({ status: 'active', age: 12 }).explain('executionStats'));
    expect(report.indexesUsed).toEqual(['status_1']);
    expect(report.docsPerReturned).toBeGreaterThan(10);
    expect(report.findings.map((f) => f.kind)).toContain('wide-scan');
  });

  it('reports an in-memory SORT, and none once the index gives the order', async () => {
    const coll = live().db.collection<Person>('sorting');
    await coll.insertMany(people);
    await coll.createIndex({ status: 1 });
    const before = analyseExplain(await coll.find({ status: 'active' }).sort({ age: 1 }).explain('executionStats'));
    expect(before.findings.map((f) => f.kind)).toContain('in-memory-sort');
    await coll.createIndex({ status: 1, age: 1 });
    await coll.dropIndex('status_1'); // leave real MongoDB's planner one candidate, so the test does not depend on its race
    const after = analyseExplain(await coll.find({ status: 'active' }).sort({ age: 1 }).explain('executionStats'));
    expect(after.stages).not.toContain('SORT');
    expect(after.findings.map((f) => f.kind)).not.toContain('in-memory-sort');
  });

  it('reads the plan of an aggregate with a leading $match', async () => {
    const coll = live().db.collection<Person>('agg');
    await coll.insertMany(people);
    const explain = await coll
      .aggregate([{ $match: { email: 'user9@example.test' } }, { $project: { age: 1 } }])
      .explain('executionStats');
    expect(analyseExplain(explain).stages).toContain('COLLSCAN');
  });

  it('finds the index nothing used, from $indexStats or else from recorded plans', async () => {
    const coll = live().db.collection<Person>('unused');
    await coll.insertMany(people);
    await coll.createIndex({ email: 1 });
    await coll.createIndex({ age: 1 });
    const plan = analyseExplain(await coll.find({ email: 'user3@example.test' }).explain('executionStats'));
    await coll.find({ email: 'user3@example.test' }).toArray();
    const result = await findUnusedIndexes(coll, [plan]);
    expect(result.unused).toEqual(['age_1']);
    expect(['indexStats', 'recorded-plans']).toContain(result.source);
    expect(result.note.length).toBeGreaterThan(20);
  });
});

describe('explain analyser on explain documents of other shapes', () => {
  it('walks the slot-based wrapper MongoDB 7 puts around the classic plan', () => {
    const report = analyseExplain({
      queryPlanner: {
        namespace: 'd.c',
        winningPlan: {
          queryPlan: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'a_1' } },
          slotBasedPlan: {},
        },
      },
      executionStats: { nReturned: 0, totalKeysExamined: 0, totalDocsExamined: 0 },
    });
    expect(report).toMatchObject({ stages: ['FETCH', 'IXSCAN'], indexesUsed: ['a_1'] });
  });

  it('says a query that read no document was covered by the index', () => {
    const report = analyseExplain({
      queryPlanner: {
        winningPlan: { stage: 'PROJECTION_COVERED', inputStage: { stage: 'IXSCAN', indexName: 'a_1_b_1' } },
      },
      executionStats: { nReturned: 3, totalKeysExamined: 3, totalDocsExamined: 0 },
    });
    expect(report.findings.map((f) => f.kind)).toEqual(['index-used', 'covered']);
  });
});
