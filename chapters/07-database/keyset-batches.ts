/**
 * Batch processing with keyset pagination: each batch asks for documents whose key is greater than the last one
 * seen, sorted by that key, so every batch is an index range scan of `batchSize` keys wherever it is in the
 * collection. skip/limit, by contrast, walks past every skipped key again on every page.
 */
import type { Collection, Document, Filter, WithId } from 'mongodb';
import { inspect } from 'node:util';
import { InvalidOptionError, KeysetKeyNotUniqueError, KeysetMixedKeyTypesError } from './database-error.js';

export interface BatchProgress {
  readonly processed: number;
  readonly batches: number;
  /** The key of the last document handled: pass it as `after` to resume from here. */
  readonly lastKey: unknown;
}

export interface BatchOptions<T extends Document> {
  /** The caller's filter; it is combined with the key condition, never replaced by it. */
  readonly filter?: Filter<T>;
  /** A field with a unique index (default `_id`). */
  readonly key?: string;
  /** Documents per batch, 1 to 10,000 (default 500): the most the process holds at once. */
  readonly batchSize?: number;
  /** Resume after this key (the `lastKey` of an earlier run). */
  readonly after?: unknown;
  /** Called after each batch is handled: persist `lastKey` here to make a long job resumable. */
  readonly onProgress?: (progress: BatchProgress) => void | Promise<void>;
  /** Stops between batches. */
  readonly signal?: AbortSignal;
  readonly projection?: Document;
}

// #region keyset-filter
/**
 * The caller's filter AND "key after the last one". `{ ...filter, _id: { $gt: last } }` would silently replace a
 * caller's own `_id` condition; `$and` keeps both, and MongoDB's planner reads bounds through `$and` as it does
 * at the top level.
 */
export function keysetFilter<T extends Document>(filter: Filter<T>, key: string, after: unknown): Filter<T> {
  if (after === undefined) return filter;
  const next = { [key]: { $gt: after } } as Filter<T>;
  return Object.keys(filter).length === 0 ? next : ({ $and: [filter, next] } as Filter<T>);
}
// #endregion keyset-filter

/** Throws unless a unique index has exactly `key` as its key: only then can no two documents share a position. */
export async function assertUniqueKey(collection: Collection<Document>, key: string): Promise<void> {
  if (key === '_id') return;
  const indexes = await collection.listIndexes().toArray();
  const unique = indexes.some(
    (i) => i.unique === true && !i.partialFilterExpression && Object.keys(i.key as Document).join() === key,
  );
  if (!unique) {
    throw new KeysetKeyNotUniqueError(
      `keyset pagination on "${key}" needs a unique index on { ${key}: 1 } in ${collection.collectionName}; ` +
        'without one, documents sharing a value are skipped or repeated. Use _id, or a compound sort ending in _id.',
    );
  }
}

// #region one-key-type
/**
 * Throws unless the first and last matching keys have the same BSON comparison type. MongoDB sorts mixed types by
 * type (numbers before strings before ObjectIds...) but `$gt: 3` matches numbers only, so batches over `1, 2, 3, 'a'`
 * would stop after the numbers and report success. Two index reads, before any document is handled.
 */
export async function assertOneKeyType<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T>,
  key: string,
): Promise<void> {
  const end = async (direction: 1 | -1): Promise<unknown> => {
    const [doc] = await collection
      .find(filter, { projection: { [key]: 1 } })
      .sort({ [key]: direction })
      .limit(1)
      .toArray();
    return (doc as Document | undefined)?.[key];
  };
  const [first, last] = await Promise.all([end(1), end(-1)]);
  if (bsonTypeClass(first) === bsonTypeClass(last)) return;
  throw new KeysetMixedKeyTypesError(
    `keyset batches on "${key}" need keys of one BSON type, but the matching keys run from a ${bsonTypeClass(first)} ` +
      `(${inspect(first)}) to a ${bsonTypeClass(last)} (${inspect(last)}), and $gt only matches keys of its own type. ` +
      `Batch one type at a time with a filter such as { ${key}: { $type: '${bsonTypeClass(first)}' } }, or migrate the keys.`,
  );
}

const NUMERIC_BSON = new Set(['Int32', 'Double', 'Long', 'Decimal128']);

/** The type class MongoDB compares within (all numeric types are one class), named as `$type` names it. */
function bsonTypeClass(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (Array.isArray(value)) return 'array';
  const bsonType = (value as { _bsontype?: unknown })._bsontype;
  if (typeof bsonType !== 'string') return 'object';
  if (NUMERIC_BSON.has(bsonType)) return 'number';
  if (bsonType === 'BSONSymbol') return 'string';
  if (bsonType === 'BSONRegExp') return 'regex';
  return bsonType.charAt(0).toLowerCase() + bsonType.slice(1); // ObjectId -> objectId, Binary -> binary...
}
// #endregion one-key-type

function withKey(projection: Document | undefined, key: string): Document | undefined {
  if (!projection) return undefined;
  const inclusion = Object.entries(projection).some(([field, v]) => field !== '_id' && (v === 1 || v === true));
  // The next batch starts after the last key, so the key must come back even if the caller left it out.
  if (inclusion) return { ...projection, [key]: 1 };
  if (projection[key] === 0 || projection[key] === false) {
    throw new InvalidOptionError(`the projection excludes "${key}", the key that the next batch starts after; keep it`);
  }
  return projection;
}

// #region process-in-batches
/**
 * Hands the matching documents to `handle` in batches, in key order, holding one batch at a time.
 * Resumable: a run stopped after a batch resumes with `after: progress.lastKey`. A run that stopped inside a
 * batch re-handles that batch, so `handle` should be idempotent.
 *
 * @example
 * await processInBatches(orders, async (batch) => { await reindex(batch); }, {
 *   filter: { status: 'pending' }, batchSize: 1000, after: await checkpoints.load('reindex'),
 *   onProgress: (p) => checkpoints.save('reindex', p.lastKey),
 * });
 */
export async function processInBatches<T extends Document>(
  collection: Collection<T>,
  handle: (batch: WithId<T>[]) => Promise<void>,
  options: BatchOptions<T> = {},
): Promise<BatchProgress> {
  const key = options.key ?? '_id';
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new InvalidOptionError(`batchSize must be an integer from 1 to 10,000, got ${String(options.batchSize)}`);
  }
  await assertUniqueKey(collection as unknown as Collection<Document>, key);
  const projection = withKey(options.projection, key);
  const filter = options.filter ?? ({} as Filter<T>);
  await assertOneKeyType(collection, filter, key);
  let progress: BatchProgress = { processed: 0, batches: 0, lastKey: options.after };
  for (;;) {
    options.signal?.throwIfAborted();
    const batch = await collection
      .find(keysetFilter(filter, key, progress.lastKey), projection ? { projection } : {})
      .sort({ [key]: 1 })
      .limit(batchSize)
      .toArray();
    if (batch.length === 0) return progress;
    await handle(batch);
    const last = batch[batch.length - 1] as Document;
    progress = { processed: progress.processed + batch.length, batches: progress.batches + 1, lastKey: last[key] };
    await options.onProgress?.(progress);
    if (batch.length < batchSize) return progress;
  }
}
// #endregion process-in-batches

// #region pages
/** Page `page` (from 1) by skip/limit: the server walks past (page - 1) * size entries to get there. */
export async function pageBySkip<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T>,
  page: number,
  size: number,
): Promise<WithId<T>[]> {
  return collection
    .find(filter)
    .sort({ _id: 1 })
    .skip((page - 1) * size)
    .limit(size)
    .toArray();
}

/** The page after `after` by keyset: the server starts at that key in the index, wherever it is. */
export async function pageAfter<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T>,
  after: unknown,
  size: number,
): Promise<WithId<T>[]> {
  return collection
    .find(keysetFilter(filter, '_id', after))
    .sort({ _id: 1 })
    .limit(size)
    .toArray();
}
// #endregion pages
