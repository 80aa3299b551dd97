import type { Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useLiveDb } from '../../support/mongo.js';
import {
  compoundKeysetFilter,
  KeysetSortError,
  pageByCompoundKey,
  type KeysetSort,
} from '#exercise/07-database/04-compound-keyset';

interface Post {
  _id: number;
  day: number;
  region: string;
  hidden: boolean;
}

const newestFirst: KeysetSort = [
  ['day', -1],
  ['_id', 1],
];
const posts: Post[] = Array.from({ length: 47 }, (_, i) => ({
  _id: i,
  day: i % 5,
  region: i % 3 === 0 ? 'eu' : 'us',
  hidden: i % 7 === 0,
}));
const live = useLiveDb('ex07_4');

describe('07.4 keyset pagination on a compound sort', () => {
  it('builds one branch per sort field and keeps the caller filter beside it', () => {
    expect(compoundKeysetFilter<Post>({ region: 'eu' }, newestFirst, { day: 3, _id: 12 })).toEqual({
      $and: [{ region: 'eu' }, { $or: [{ day: { $lt: 3 } }, { day: 3, _id: { $gt: 12 } }] }],
    });
  });

  it('returns the caller filter unchanged for the first page', () => {
    expect(compoundKeysetFilter<Post>({ region: 'eu' }, newestFirst, undefined)).toEqual({ region: 'eu' });
  });

  it('refuses a sort that does not end in _id', () => {
    expect(() => compoundKeysetFilter<Post>({}, [['day', -1]], { day: 1 })).toThrow(KeysetSortError);
  });

  it('refuses an empty sort and one where _id is not last, even for the first page, saying the sort must end with _id', () => {
    expect(() => compoundKeysetFilter<Post>({}, [], undefined)).toThrow(KeysetSortError);
    expect(() =>
      compoundKeysetFilter<Post>(
        {},
        [
          ['_id', 1],
          ['day', -1],
        ],
        undefined,
      ),
    ).toThrow(KeysetSortError);
    expect(() =>
      compoundKeysetFilter<Post>(
        {},
        [
          ['_id', 1],
          ['day', -1],
          ['region', 1],
        ],
        undefined,
      ),
    ).toThrow(/_id/);
    expect(() => compoundKeysetFilter<Post>({}, [['day', -1]], undefined)).toThrow(
      expect.objectContaining({ code: 'DB_KEYSET_SORT' }),
    );
  });

  it('builds one branch per field of a longer sort: the earlier fields equal, this one after', () => {
    const sort: KeysetSort = [
      ['region', 1],
      ['day', -1],
      ['_id', 1],
    ];
    expect(compoundKeysetFilter<Post>({ hidden: false }, sort, { region: 'eu', day: 3, _id: 12 })).toEqual({
      $and: [
        { hidden: false },
        {
          $or: [
            { region: { $gt: 'eu' } },
            { region: 'eu', day: { $lt: 3 } },
            { region: 'eu', day: 3, _id: { $gt: 12 } },
          ],
        },
      ],
    });
  });

  it('needs no $and when the caller has no filter of its own', () => {
    expect(compoundKeysetFilter<Post>({}, newestFirst, { day: 3, _id: 12 })).toEqual({
      $or: [{ day: { $lt: 3 } }, { day: 3, _id: { $gt: 12 } }],
    });
  });

  it('walks every matching row exactly once, in sort order, although many rows share a day', async () => {
    const coll = live().db.collection<Post>('posts');
    await coll.insertMany(posts);
    const filter = { $or: [{ region: 'eu' }, { hidden: true }] };
    const seen: number[] = [];
    let after: Document | undefined;
    let pages = 0;
    do {
      const page = await pageByCompoundKey(coll, filter, newestFirst, after, 4);
      seen.push(...page.items.map((p) => p._id));
      after = page.next;
      pages++;
    } while (after && pages < 100);
    const expected = posts
      .filter((p) => p.region === 'eu' || p.hidden)
      .sort((a, b) => b.day - a.day || a._id - b._id)
      .map((p) => p._id);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 4) + (expected.length % 4 === 0 ? 1 : 0));
  });

  it('gives as next page key the sort values of the last row of a full page, and nothing else', async () => {
    const coll = live().db.collection<Post>('full');
    await coll.insertMany(posts.slice(0, 6));
    const page = await pageByCompoundKey(coll, {}, newestFirst, undefined, 3);
    expect(page.items.map((p) => p._id)).toEqual([4, 3, 2]);
    expect(page.next).toStrictEqual({ day: 2, _id: 2 });
  });

  it('reports no next page after a short page', async () => {
    const coll = live().db.collection<Post>('short');
    await coll.insertMany(posts.slice(0, 3));
    const page = await pageByCompoundKey(coll, {}, newestFirst, undefined, 10);
    expect(page.items).toHaveLength(3);
    expect(page.next).toBeUndefined();
  });
});
