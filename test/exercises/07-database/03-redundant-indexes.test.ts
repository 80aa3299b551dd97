import { describe, expect, it } from 'vitest';
import { useLiveDb } from '../../support/mongo.js';
import { findRedundantIndexes, type ListedIndex } from '#exercise/07-database/03-redundant-indexes';

const id: ListedIndex = { name: '_id_', key: { _id: 1 } };

describe('07.3 redundant indexes', () => {
  it('reports an index that is a strict prefix of another, naming the one that covers it', () => {
    const result = findRedundantIndexes([id, { name: 'a_1', key: { a: 1 } }, { name: 'a_1_b_1', key: { a: 1, b: 1 } }]);
    expect(result).toEqual([expect.objectContaining({ redundant: 'a_1', coveredBy: 'a_1_b_1' })]);
    expect(result[0]?.reason).toContain('a_1_b_1');
  });

  it('accepts a longer index with every direction reversed, not one with a single direction flipped', () => {
    const reversed = findRedundantIndexes([
      { name: 'a_1_b_-1', key: { a: 1, b: -1 } },
      { name: 'a_-1_b_1_c_1', key: { a: -1, b: 1, c: 1 } },
    ]);
    expect(reversed.map((r) => r.redundant)).toEqual(['a_1_b_-1']);
    expect(
      findRedundantIndexes([
        { name: 'a_1_b_1', key: { a: 1, b: 1 } },
        { name: 'a_1_b_-1_c_1', key: { a: 1, b: -1, c: 1 } },
      ]),
    ).toEqual([]);
  });

  it('does not report a different leading field, an equal key or _id_', () => {
    expect(
      findRedundantIndexes([
        id,
        { name: 'b_1', key: { b: 1 } },
        { name: 'a_1_b_1', key: { a: 1, b: 1 } },
        { name: '_id_1_a_1', key: { _id: 1, a: 1 } },
      ]),
    ).toEqual([]);
  });

  it('keeps indexes whose options give them a job: unique, partial, sparse, TTL', () => {
    const longer: ListedIndex = { name: 'a_1_b_1', key: { a: 1, b: 1 } };
    for (const own of [
      { unique: true },
      { partialFilterExpression: { b: { $gt: 1 } } },
      { sparse: true },
      { expireAfterSeconds: 60 },
    ]) {
      expect(findRedundantIndexes([{ name: 'a_1', key: { a: 1 }, ...own }, longer])).toEqual([]);
    }
  });

  it('does not count a partial or hidden longer index as covering, nor look at text indexes', () => {
    expect(
      findRedundantIndexes([
        { name: 'a_1', key: { a: 1 } },
        { name: 'a_1_b_1', key: { a: 1, b: 1 }, partialFilterExpression: { b: 1 } },
      ]),
    ).toEqual([]);
    expect(
      findRedundantIndexes([
        { name: 'a_1', key: { a: 1 } },
        { name: 'a_1_b_1', key: { a: 1, b: 1 }, hidden: true },
      ]),
    ).toEqual([]);
    expect(
      findRedundantIndexes([
        { name: 'a_text', key: { _fts: 'text', _ftsx: 1 } },
        { name: 'x', key: { _fts: 1, _ftsx: 1, y: 1 } },
      ]),
    ).toEqual([]);
  });

  it('keeps a collated, hidden or TTL-of-0 index, and does not count a sparse or collated longer index as covering', () => {
    const longer: ListedIndex = { name: 'a_1_b_1', key: { a: 1, b: 1 } };
    for (const own of [{ collation: { locale: 'fr' } }, { hidden: true }, { expireAfterSeconds: 0 }]) {
      expect(findRedundantIndexes([{ name: 'a_1', key: { a: 1 }, ...own }, longer])).toEqual([]);
    }
    for (const partOnly of [{ sparse: true }, { collation: { locale: 'fr' } }]) {
      expect(
        findRedundantIndexes([
          { name: 'a_1', key: { a: 1 } },
          { ...longer, ...partOnly },
        ]),
      ).toEqual([]);
    }
  });

  it('names the first covering index in listing order, and both indexes in the reason', () => {
    const result = findRedundantIndexes([
      { name: 'a_1', key: { a: 1 } },
      { name: 'a_1_b_1', key: { a: 1, b: 1 } },
      { name: 'a_1_c_1', key: { a: 1, c: 1 } },
    ]);
    expect(result.map((r) => [r.redundant, r.coveredBy])).toEqual([['a_1', 'a_1_b_1']]);
    const reason = result[0]?.reason ?? '';
    expect(reason).toContain('a_1_b_1');
    expect(reason.replaceAll('a_1_b_1', '')).toContain('a_1');
  });

  it('reports every redundant index in listing order, a covering index that is itself redundant included', () => {
    const result = findRedundantIndexes([
      { name: 'b_1', key: { b: 1 } },
      { name: 'a_1', key: { a: 1 } },
      { name: 'a_1_b_1', key: { a: 1, b: 1 } },
      { name: 'b_1_c_1', key: { b: 1, c: 1 } },
      { name: 'a_1_b_1_c_1', key: { a: 1, b: 1, c: 1 } },
    ]);
    expect(result.map((r) => [r.redundant, r.coveredBy])).toEqual([
      ['b_1', 'b_1_c_1'],
      ['a_1', 'a_1_b_1'],
      ['a_1_b_1', 'a_1_b_1_c_1'],
    ]);
  });

  it('does not count a longer special index as covering', () => {
    expect(
      findRedundantIndexes([
        { name: 'a_1', key: { a: 1 } },
        { name: 'a_1_loc_2dsphere', key: { a: 1, loc: '2dsphere' } },
      ]),
    ).toEqual([]);
  });

  describe('on the indexes a server lists', () => {
    const live = useLiveDb('ex07_3');

    it('finds the redundant index among those listIndexes returns', async () => {
      const coll = live().db.collection('orders');
      await coll.createIndex({ customerId: 1 });
      await coll.createIndex({ customerId: 1, createdAt: -1 });
      await coll.createIndex({ email: 1 }, { unique: true });
      const listed = (await coll.listIndexes().toArray()) as unknown as ListedIndex[];
      expect(findRedundantIndexes(listed).map((r) => [r.redundant, r.coveredBy])).toEqual([
        ['customerId_1', 'customerId_1_createdAt_-1'],
      ]);
    });
  });
});
