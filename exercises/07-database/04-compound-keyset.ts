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
 * A filter for the rows strictly after `after` in `sort` order that also match the caller's `filter`.
 *
 * - `sort` must end with `_id` (and so must not be empty): anything else throws KeysetSortError, first page or not,
 *   with a message that says so.
 * - `after` undefined (the first page): the caller's filter, unchanged.
 * - Otherwise the filter is `{ $and: [filter, { $or: [...] }] }`, or only `{ $or: [...] }` when the caller's filter
 *   is empty; the caller's own conditions, an `$or` among them, are never overwritten.
 *
 * @example
 * compoundKeysetFilter({ region: 'eu' }, [['day', -1], ['_id', 1]], { day: 3, _id: 12 })
 * // { $and: [{ region: 'eu' }, { $or: [{ day: { $lt: 3 } }, { day: 3, _id: { $gt: 12 } }] }] }
 */
export function compoundKeysetFilter<T extends Document>(
  _filter: Filter<T>,
  _sort: KeysetSort,
  _after: Document | undefined,
): Filter<T> {
  // TODO(07.4): build the filter described above.
  throw new TodoError('07.4');
}

/**
 * One page of at most `size` rows that match `filter`, after `after` (undefined: the first page), in `sort` order.
 * `next` holds the sort fields' values of the page's last row when the page is full, and is undefined on a
 * shorter page. Walking the pages visits every matching row exactly once.
 */
export async function pageByCompoundKey<T extends Document>(
  _collection: Collection<T>,
  _filter: Filter<T>,
  _sort: KeysetSort,
  _after: Document | undefined,
  _size: number,
): Promise<KeysetPage<T>> {
  // TODO(07.4): return the page described above.
  throw new TodoError('07.4');
}
