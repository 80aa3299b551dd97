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
 * The indexes a longer index makes redundant, in listing order.
 *
 * Index B covers index A when B's key is longer and starts with all of A's fields, in A's order, with every
 * direction the same as A's or every direction reversed (`{ a: 1, b: -1 }` is covered by `{ a: -1, b: 1, c: 1 }`,
 * not by `{ a: 1, b: 1, c: 1 }`). A is reported once, with the first covering index in listing order.
 *
 * Never reported, whatever covers them: `_id_`; an index with a job of its own (unique, partial, sparse, TTL
 * through `expireAfterSeconds`, collation) or a hidden one; a special index (text, hashed, geo: a key value that is
 * not 1 or -1). Never counted as covering: a partial, sparse, hidden or collated index (each serves only some
 * queries), and a special index.
 *
 * `reason` names both indexes and says what to do about the redundant one.
 */
export function findRedundantIndexes(_indexes: readonly ListedIndex[]): Redundancy[] {
  // TODO(07.3): report the redundant indexes described above.
  throw new TodoError('07.3');
}
