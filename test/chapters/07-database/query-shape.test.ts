import { describe, expect, it } from 'vitest';
import { commandShape, filterShape, shapeKey } from '../../../chapters/07-database/query-shape.js';

describe('query shapes', () => {
  it('removes values and keeps field names and operators', () => {
    expect(filterShape({ status: 'active', age: { $gte: 18, $lt: 65 }, tags: { $in: ['a', 'b'] } })).toEqual({
      status: '?',
      age: { $gte: '?', $lt: '?' },
      tags: { $in: '?' },
    });
  });

  it('keeps the structure of $or, $and and $elemMatch and turns a regular expression into $regex', () => {
    expect(filterShape({ $or: [{ email: /x$/ }, { name: 'a' }], items: { $elemMatch: { qty: { $gt: 1 } } } })).toEqual({
      $or: [{ email: { $regex: '?' } }, { name: '?' }],
      items: { $elemMatch: { qty: { $gt: '?' } } },
    });
  });

  it('treats an equality on a subdocument as one value, not as fields', () => {
    expect(filterShape({ address: { city: 'Oslo', zip: '0150' } })).toEqual({ address: '?' });
  });

  it('gives one key for the same query with other values, lists of other lengths or fields in another order', () => {
    const a = commandShape('shop', {
      find: 'users',
      filter: { status: 'a', id: { $in: [1, 2] } },
      sort: { createdAt: -1 },
    });
    const b = commandShape('shop', {
      find: 'users',
      filter: { id: { $in: [3] }, status: 'b' },
      sort: { createdAt: -1 },
    });
    expect(a && shapeKey(a)).toBe(b && shapeKey(b));
  });

  it('gives different keys for a different sort direction or projection', () => {
    const base = { find: 'users', filter: { status: 'a' } };
    const keys = [
      commandShape('shop', { ...base, sort: { createdAt: 1 } }),
      commandShape('shop', { ...base, sort: { createdAt: -1 } }),
      commandShape('shop', { ...base, projection: { email: 1 } }),
    ].map((s) => s && shapeKey(s));
    expect(new Set(keys).size).toBe(3);
  });

  it('reads the filter of update, delete, findAndModify and a leading $match', () => {
    expect(commandShape('d', { update: 'c', updates: [{ q: { sku: 'x' }, u: { $set: { n: 1 } } }] })?.filter).toEqual({
      sku: '?',
    });
    expect(commandShape('d', { delete: 'c', deletes: [{ q: { at: { $lt: 5 } }, limit: 0 }] })?.filter).toEqual({
      at: { $lt: '?' },
    });
    expect(commandShape('d', { findAndModify: 'c', query: { state: 'ready' }, sort: { at: 1 } })).toMatchObject({
      filter: { state: '?' },
      sort: [['at', 1]],
    });
    expect(
      commandShape('d', {
        aggregate: 'c',
        pipeline: [{ $match: { a: 1 } }, { $sort: { b: -1 } }, { $limit: 5 }],
        cursor: {},
      }),
    ).toMatchObject({
      namespace: 'd.c',
      filter: { a: '?' },
      sort: [['b', -1]],
      pipeline: ['$match', '$sort', '$limit'],
    });
  });

  it('reads a sort the driver sends as a Map, keeping its order', () => {
    const shape = commandShape('d', {
      find: 'c',
      filter: {},
      sort: new Map([
        ['b', -1],
        ['a', 1],
      ]),
      projection: new Map([['a', 1]]),
    });
    expect(shape).toMatchObject({
      sort: [
        ['b', -1],
        ['a', 1],
      ],
      projection: { a: 1 },
    });
  });

  it('ignores commands that are not about a collection', () => {
    expect(commandShape('admin', { ping: 1 })).toBeUndefined();
    expect(commandShape('admin', { aggregate: 1, pipeline: [{ $currentOp: {} }] })).toBeUndefined();
  });
});
