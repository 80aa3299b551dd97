/**
 * Exercise 07.4: keyset pagination on a sort that is not unique by itself, such as "newest first". The chapter's
 * `keysetFilter` pages on one unique key; here the sort ends with `_id` to break ties, and "after the last row"
 * becomes an `$or` over the sort fields, combined with the caller's filter by `$and`.
 */
import type { Collection, Document, Filter, WithId } from 'mongodb';
import { DatabaseChapterError } from '../../chapters/07-database/database-error.js';
import { TodoError } from '../../workbook/todo-error.js';

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

/**
 * Rows strictly after `after` in `sort` order, AND the caller's filter. For sort a desc, _id asc:
 * `{ $or: [{ a: { $lt: A } }, { a: A, _id: { $gt: ID } }] }`.
 */
export function compoundKeysetFilter<T extends Document>(_filter: Filter<T>, _sort: KeysetSort, _after: Document | undefined): Filter<T> {
  // TODO(07.4): refuse a sort that does not end in _id (KeysetSortError); return the filter unchanged for the first
  // page; otherwise build one $or branch per sort field (earlier fields equal, this one $gt or $lt by direction)
  // and combine it with the caller's filter under $and, so the caller's own conditions (even an $or) survive.
  throw new TodoError('07.4');
}

/** One page of `size` rows after `after` (undefined: the first page). */
export async function pageByCompoundKey<T extends Document>(
  _collection: Collection<T>,
  _filter: Filter<T>,
  _sort: KeysetSort,
  _after: Document | undefined,
  _size: number,
): Promise<KeysetPage<T>> {
  // TODO(07.4): find with compoundKeysetFilter, sort by the same fields, limit to size; `next` holds the last
  // item's sort values when the page is full.
  throw new TodoError('07.4');
}
