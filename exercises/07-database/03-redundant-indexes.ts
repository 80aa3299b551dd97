/**
 * Exercise 07.3: indexes made redundant by a longer one. Every index costs a write on every insert and RAM for its
 * hot part; `{ a: 1 }` beside `{ a: 1, b: 1 }` serves no query the longer one cannot, unless its options give it a
 * job of its own (unique, partial, sparse, TTL, collation).
 */
import type { ExistingIndex } from '../../chapters/07-database/index-advisor.js';
import { TodoError } from '../../workbook/todo-error.js';

/** `ExistingIndex` plus the options that give an index a job beyond ordering keys. */
export interface ListedIndex extends ExistingIndex {
  readonly unique?: boolean;
  readonly expireAfterSeconds?: number;
  readonly collation?: Readonly<Record<string, unknown>>;
}

export interface Redundancy {
  readonly redundant: string;
  readonly coveredBy: string;
  readonly reason: string;
}

/**
 * Indexes whose key is a strict prefix of another index's key (same fields, same order, directions all equal or
 * all reversed), in listing order. `_id_`, indexes with options of their own, and special indexes are never
 * reported; a partial, sparse, hidden or collated index never counts as covering another.
 */
export function findRedundantIndexes(_indexes: readonly ListedIndex[]): Redundancy[] {
  // TODO(07.3): for each index (skip _id_, unique, partial, sparse, TTL, collated, hidden and text/hashed ones),
  // look for another, longer index that can stand in for it and whose key starts with the same fields in the same
  // order, with every direction equal or every direction reversed. Report { redundant, coveredBy, reason }.
  throw new TodoError('07.3');
}
