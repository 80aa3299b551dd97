import { describe, expect, it } from 'vitest';
import { commandShape, type QueryShape } from '../../../chapters/07-database/query-shape.js';
import { checkEsr } from '#exercise/07-database/02-esr-check';

function query(filter: Record<string, unknown>, sort?: Record<string, 1 | -1>): QueryShape {
  const shape = commandShape('shop', { find: 'orders', filter, ...(sort ? { sort } : {}) });
  if (!shape) throw new Error('not a query');
  return shape;
}

const q = query({ status: 'paid', total: { $gte: 100 } }, { createdAt: -1 });

describe('07.2 ESR check of an existing index', () => {
  it('finds nothing wrong with an index in equality, sort, range order, in either direction, with extra trailing fields', () => {
    expect(checkEsr({ status: 1, createdAt: -1, total: 1 }, q)).toEqual([]);
    expect(checkEsr({ status: -1, createdAt: 1, total: -1, note: 1 }, q)).toEqual([]);
  });

  it('reports an equality after a range', () => {
    expect(checkEsr({ total: 1, status: 1 }, query({ status: 'paid', total: { $gte: 100 } }))).toEqual([
      expect.objectContaining({ problem: 'equality-after-range', field: 'status' }),
    ]);
  });

  it('reports a sort field after a range, which means an in-memory sort', () => {
    const problems = checkEsr({ status: 1, total: 1, createdAt: -1 }, q);
    expect(problems).toEqual([expect.objectContaining({ problem: 'sort-after-range', field: 'createdAt' })]);
    expect(problems[0]?.message).toMatch(/in memory/);
  });

  it('reports an equality after a sort field', () => {
    expect(checkEsr({ createdAt: -1, status: 1 }, query({ status: 'paid' }, { createdAt: -1 }))).toEqual([
      expect.objectContaining({ problem: 'equality-after-sort', field: 'status' }),
    ]);
  });

  it('reports a used field after one the query does not use', () => {
    expect(checkEsr({ status: 1, region: 1, createdAt: -1 }, query({ status: 'paid' }, { createdAt: -1 }))).toEqual([
      expect.objectContaining({ problem: 'gap', field: 'createdAt' }),
    ]);
  });

  it('reports sort fields whose directions no scan direction can give', () => {
    const sorted = query({ status: 'paid' }, { createdAt: -1, _id: 1 });
    expect(checkEsr({ status: 1, createdAt: -1, _id: 1 }, sorted)).toEqual([]);
    expect(checkEsr({ status: 1, createdAt: 1, _id: -1 }, sorted)).toEqual([]);
    expect(checkEsr({ status: 1, createdAt: -1, _id: -1 }, sorted)).toEqual([
      expect.objectContaining({ problem: 'sort-order', field: 'createdAt' }),
    ]);
  });

  it('finds nothing wrong with several equality fields, or a range after another range', () => {
    expect(
      checkEsr({ status: 1, region: 1, createdAt: -1 }, query({ status: 'paid', region: 'eu' }, { createdAt: -1 })),
    ).toEqual([]);
    expect(
      checkEsr({ status: 1, total: 1, weight: 1 }, query({ status: 'paid', total: { $gte: 100 }, weight: { $lt: 5 } })),
    ).toEqual([]);
  });

  it('judges nothing for a query with no field an index could use', () => {
    expect(checkEsr({ status: 1, createdAt: -1 }, query({}))).toEqual([]);
  });

  it('reports one gap per run of unused fields, on the used field after it, leading fields included', () => {
    const problems = checkEsr({ status: 1, region: 1, zone: 1, createdAt: -1, tier: 1, total: 1 }, q);
    expect(problems).toEqual([
      expect.objectContaining({ problem: 'gap', field: 'createdAt' }),
      expect.objectContaining({ problem: 'gap', field: 'total' }),
    ]);
    expect(problems[0]?.message).toContain('region');
    expect(checkEsr({ region: 1, status: 1 }, query({ status: 'paid' }))).toEqual([
      expect.objectContaining({ problem: 'gap', field: 'status' }),
    ]);
  });

  it('reports an equality after both a sort field and a range once, as after the range it names', () => {
    const problems = checkEsr({ createdAt: -1, total: 1, status: 1 }, q);
    expect(problems).toEqual([expect.objectContaining({ problem: 'equality-after-range', field: 'status' })]);
    expect(problems[0]?.message).toContain('total');
  });

  it('finds no sort-order problem in an index that holds none of the sort fields', () => {
    expect(checkEsr({ status: 1 }, q)).toEqual([]);
  });

  it('reports sort fields in another order than the query sorts them, or only some of them', () => {
    const sorted = query({ status: 'paid' }, { createdAt: -1, _id: 1 });
    expect(checkEsr({ status: 1, _id: 1, createdAt: -1 }, sorted)).toEqual([
      expect.objectContaining({ problem: 'sort-order', field: '_id' }),
    ]);
    expect(checkEsr({ status: 1, createdAt: -1 }, sorted)).toEqual([
      expect.objectContaining({ problem: 'sort-order', field: 'createdAt' }),
    ]);
  });

  it('explains each problem in a message that names its field', () => {
    const problems = [
      ...checkEsr({ total: 1, status: 1 }, query({ status: 'paid', total: { $gte: 100 } })),
      ...checkEsr({ status: 1, total: 1, createdAt: -1 }, q),
      ...checkEsr({ createdAt: -1, status: 1 }, query({ status: 'paid' }, { createdAt: -1 })),
      ...checkEsr({ status: 1, region: 1, createdAt: -1 }, query({ status: 'paid' }, { createdAt: -1 })),
      ...checkEsr({ status: 1, createdAt: -1, _id: -1 }, query({ status: 'paid' }, { createdAt: -1, _id: 1 })),
    ];
    expect(problems.map((p) => p.problem)).toEqual([
      'equality-after-range',
      'sort-after-range',
      'equality-after-sort',
      'gap',
      'sort-order',
    ]);
    for (const { field, message } of problems) expect(message).toContain(field);
  });
});
