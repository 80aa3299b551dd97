import { describe, expect, it } from 'vitest';
import {
  adviseIndexes,
  existingIndexes,
  keysForShape,
  servedByPrefix,
  type ExistingIndex,
  type ShapeCost,
} from '../../../chapters/07-database/index-advisor.js';
import { commandShape, shapeKey } from '../../../chapters/07-database/query-shape.js';
import { useLiveDb } from '../../support/mongo.js';

function cost(command: Record<string, unknown>, count = 10, totalMs = 100): ShapeCost {
  const shape = commandShape('shop', command);
  if (!shape) throw new Error('not a query');
  return { key: shapeKey(shape), shape, count, totalMs, p95Ms: totalMs / count };
}

const noIndexes = new Map<string, ExistingIndex[]>();

describe('index advisor', () => {
  it('orders a suggestion equality, then sort, then range', () => {
    const [suggestion] = adviseIndexes(
      [cost({ find: 'orders', filter: { createdAt: { $gte: 1 }, status: 'paid' }, sort: { total: -1 } })],
      noIndexes,
    );
    expect(suggestion?.key).toEqual([
      ['status', 1],
      ['total', -1],
      ['createdAt', 1],
    ]);
    expect(suggestion).toMatchObject({ equality: ['status'], sort: ['total'], range: ['createdAt'] });
  });

  it('never puts an operator in a key: $and is flattened, an $or beside fields is left to the filter', () => {
    const shapes = [
      cost({
        find: 'users',
        filter: { $and: [{ age: { $gte: 18 } }, { status: 'active' }], $or: [{ email: /a$/ }, { email: /b$/ }] },
      }),
    ];
    const [suggestion] = adviseIndexes(shapes, noIndexes);
    expect(suggestion?.spec).toEqual({ status: 1, age: 1 });
    expect(Object.keys(suggestion?.spec ?? {}).some((k) => k.startsWith('$'))).toBe(false);
  });

  it('suggests one index per branch for an $or alone, and none when a branch has no indexable field', () => {
    const alone = keysForShape(cost({ find: 'users', filter: { $or: [{ email: 'x' }, { phone: 'y' }] } }).shape);
    expect(alone.map((k) => k.key)).toEqual([[['email', 1]], [['phone', 1]]]);
    expect(
      keysForShape(cost({ find: 'users', filter: { $or: [{ email: 'x' }, { $expr: { $gt: ['$a', '$b'] } }] } }).shape),
    ).toEqual([]);
  });

  it('treats $in as equality and $ne, $regex and $exists as range', () => {
    const [key] = keysForShape(
      cost({ find: 'c', filter: { name: /^a/, kind: { $in: ['a', 'b'] }, deleted: { $ne: true } } }).shape,
    );
    expect(key).toMatchObject({ equality: ['kind'], range: ['name', 'deleted'] });
  });

  it('skips a query that an existing index serves through its prefix, in either scan direction', () => {
    const existing = new Map([['shop.orders', [{ name: 'status_1_total_1_x_1', key: { status: 1, total: 1, x: 1 } }]]]);
    expect(
      adviseIndexes([cost({ find: 'orders', filter: { status: 'paid' }, sort: { total: -1 } })], existing),
    ).toEqual([]);
    expect(adviseIndexes([cost({ find: 'orders', filter: { total: 5 } })], existing)).toHaveLength(1);
  });

  it('does not count partial or sparse indexes as serving every query', () => {
    const existing = new Map([
      ['shop.orders', [{ name: 'status_1', key: { status: 1 }, partialFilterExpression: { total: { $gt: 0 } } }]],
    ]);
    expect(adviseIndexes([cost({ find: 'orders', filter: { status: 'paid' } })], existing)).toHaveLength(1);
  });

  it('folds a suggestion into a longer one that serves it and lists every served shape with its cost', () => {
    const narrow = cost({ find: 'orders', filter: { status: 'paid' } }, 5, 50);
    const wide = cost({ find: 'orders', filter: { status: 'paid', customerId: 'c' } }, 20, 400);
    const [suggestion, ...rest] = adviseIndexes([narrow, wide], noIndexes);
    expect(rest).toEqual([]);
    expect(suggestion?.spec).toEqual({ status: 1, customerId: 1 });
    expect(suggestion?.serves.map((s) => [s.count, s.totalMs])).toEqual([
      [20, 400],
      [5, 50],
    ]);
    expect(suggestion?.totalMs).toBe(450);
  });

  it('notes when the index alone would answer a projected query', () => {
    const [suggestion] = adviseIndexes(
      [cost({ find: 'users', filter: { status: 'a' }, projection: { status: 1, email: 1, _id: 0 } })],
      noIndexes,
    );
    expect(suggestion?.coversAQuery).toBe(false);
    const [covering] = adviseIndexes(
      [cost({ find: 'users', filter: { status: 'a', email: { $gt: '' } }, projection: { email: 1, _id: 0 } })],
      noIndexes,
    );
    expect(covering?.coversAQuery).toBe(true);
  });

  it('a prefix is served; a different leading field or a mixed sort direction is not', () => {
    const proposal = {
      key: [
        ['a', 1],
        ['b', 1],
        ['c', -1],
      ] as const,
      equality: ['a'],
      sort: ['b', 'c'],
      range: [],
    };
    expect(
      servedByPrefix(proposal, [
        ['a', 1],
        ['b', -1],
        ['c', 1],
        ['d', 1],
      ]),
    ).toBe(true);
    expect(
      servedByPrefix(proposal, [
        ['a', 1],
        ['b', 1],
        ['c', 1],
      ]),
    ).toBe(false);
    expect(
      servedByPrefix(proposal, [
        ['b', 1],
        ['a', 1],
        ['c', -1],
      ]),
    ).toBe(false);
  });

  describe('with the indexes a server lists', () => {
    const live = useLiveDb('ch07_advisor');

    it('reads existing indexes with listIndexes and stops suggesting once the index exists', async () => {
      const { db } = live();
      const orders = db.collection('orders');
      await orders.insertOne({ status: 'paid', total: 1 });
      const shape = commandShape(db.databaseName, { find: 'orders', filter: { status: 'paid' }, sort: { total: 1 } });
      if (!shape) throw new Error('not a query');
      const costs = [{ key: shapeKey(shape), shape, count: 1, totalMs: 1, p95Ms: 1 }];
      const namespaces = [shape.namespace, `${db.databaseName}.missing`];
      expect(adviseIndexes(costs, await existingIndexes(db, namespaces))).toHaveLength(1);
      await orders.createIndex({ status: 1, total: 1 });
      expect(adviseIndexes(costs, await existingIndexes(db, namespaces))).toEqual([]);
    });
  });
});
