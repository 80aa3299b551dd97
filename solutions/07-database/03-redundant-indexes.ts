/**
 * Exercise 07.3: indexes made redundant by a longer one. Every index costs a write on every insert and RAM for its
 * hot part; `{ a: 1 }` beside `{ a: 1, b: 1 }` serves no query the longer one cannot, unless its options give it a
 * job of its own (unique, partial, sparse, TTL, collation).
 */
import { indexFields, type ExistingIndex, type IndexField } from '../../chapters/07-database/index-advisor.js';

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

/** Options that change what an index does, so a longer index cannot stand in for it. */
function hasOwnJob(index: ListedIndex): boolean {
  return Boolean(
    index.unique ||
    index.partialFilterExpression ||
    index.sparse ||
    index.expireAfterSeconds !== undefined ||
    index.collation,
  );
}

/** The same fields with every direction reversed: what a backward scan of them gives. */
function reversed(fields: readonly IndexField[]): IndexField[] {
  return fields.map(([field, dir]) => [field, dir === 1 ? -1 : 1]);
}

/** True when `other` can serve every query `key` serves: usable by all queries, longer, starting with `key`. */
function covers(other: ListedIndex, key: readonly IndexField[]): boolean {
  const longer = indexFields(other.key);
  if (
    !longer ||
    longer.length <= key.length ||
    other.partialFilterExpression ||
    other.sparse ||
    other.hidden ||
    other.collation
  )
    return false;
  const prefix = JSON.stringify(longer.slice(0, key.length));
  return prefix === JSON.stringify(key) || prefix === JSON.stringify(reversed(key));
}

/**
 * Indexes whose key is a strict prefix of another index's key (same fields, same order, directions all equal or
 * all reversed), in listing order. `_id_`, indexes with options of their own, and special indexes are never
 * reported; a partial, sparse, hidden or collated index never counts as covering another.
 */
export function findRedundantIndexes(indexes: readonly ListedIndex[]): Redundancy[] {
  const out: Redundancy[] = [];
  for (const index of indexes) {
    const key = indexFields(index.key);
    if (index.name === '_id_' || !key || hasOwnJob(index) || index.hidden) continue;
    const cover = indexes.find((other) => covers(other, key));
    if (cover) {
      out.push({
        redundant: index.name,
        coveredBy: cover.name,
        reason: `${index.name} is a prefix of ${cover.name}: every query it serves, ${cover.name} serves too. Hide it first (hidden: true), watch, then drop it.`,
      });
    }
  }
  return out;
}
