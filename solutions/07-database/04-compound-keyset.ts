/**
 * Exercise 07.4: keyset pagination on a sort that is not unique by itself, such as "newest first". The chapter's
 * `keysetFilter` pages on one unique key; here the sort ends with `_id` to break ties, and "after the last row"
 * becomes an `$or` over the sort fields, combined with the caller's filter by `$and`.
 */
import type { Collection, Document, Filter, WithId } from 'mongodb';
import { DatabaseChapterError } from '../../chapters/07-database/database-error.js';

/** Sort fields in order with their directions; the last one must be `_id` so that no two rows tie. */
export type KeysetSort = ReadonlyArray<readonly [field: string, direction: 1 | -1]>;

export interface KeysetPage<T> {
  readonly items: WithId<T>[];
  /** The sort values of the last item, to pass as `after` for the next page; undefined on the last page. */
  readonly next: Document | undefined;
}

/** Thrown for a sort that does not end in `_id`: pages could then skip or repeat rows with equal values. */
export class KeysetSortError extends DatabaseChapterError {
  readonly code = 'DB_KEYSET_SORT';
}

function checkSort(sort: KeysetSort): void {
  if (sort.at(-1)?.[0] !== '_id') {
    throw new KeysetSortError(`a keyset sort must end with _id to break ties, got ${JSON.stringify(sort)}`);
  }
}

/**
 * Rows strictly after `after` in `sort` order, AND the caller's filter. For sort a desc, _id asc:
 * `{ $or: [{ a: { $lt: A } }, { a: A, _id: { $gt: ID } }] }`.
 */
export function compoundKeysetFilter<T extends Document>(
  filter: Filter<T>,
  sort: KeysetSort,
  after: Document | undefined,
): Filter<T> {
  checkSort(sort);
  if (after === undefined) return filter;
  const branches = sort.map(([field, direction], i) => {
    const branch: Document = {};
    for (const [earlier] of sort.slice(0, i)) branch[earlier] = after[earlier];
    branch[field] = { [direction === 1 ? '$gt' : '$lt']: after[field] };
    return branch;
  });
  const next: Document = { $or: branches };
  return (Object.keys(filter).length === 0 ? next : { $and: [filter, next] }) as Filter<T>;
}

/** One page of `size` rows after `after` (undefined: the first page). */
export async function pageByCompoundKey<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T>,
  sort: KeysetSort,
  after: Document | undefined,
  size: number,
): Promise<KeysetPage<T>> {
  const items = await collection
    .find(compoundKeysetFilter(filter, sort, after))
    .sort(Object.fromEntries(sort))
    .limit(size)
    .toArray();
  // A short page is the last one; a full page may be followed by an empty one, which costs one cheap query.
  const last = items.length === size ? (items.at(-1) as Document | undefined) : undefined;
  return { items, next: last && Object.fromEntries(sort.map(([field]) => [field, last[field]])) };
}
