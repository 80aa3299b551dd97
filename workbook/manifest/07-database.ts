import type { Chapter } from './types.js';

export const databaseChapter: Chapter = {
  number: '07',
  slug: '07-database',
  title: 'Database optimisation with MongoDB',
  page: 'chapters/07-database',
  exercises: [
    {
      id: '07.1',
      title: 'The shape of an aggregation pipeline',
      stub: 'exercises/07-database/01-pipeline-shape.ts',
      test: 'test/exercises/07-database/01-pipeline-shape.test.ts',
      hints: [
        'Read `filterShape` and `commandShape` in chapters/07-database/query-shape.ts: a shape keeps names and operators and replaces values with `VALUE` (`\'?\'`). Your function does the same stage by stage.',
        'Take each stage\'s name with `Object.keys(stage)[0]` and switch on it. `$match` is `filterShape(body)`; `$sort` is kept as it is (field names and directions are structure); anything you do not know is `{ [name]: \'?\' }`, which also covers `$limit`, `$skip` and `$sample`.',
        '`$project`, `$addFields` and `$set`: 1/true stays 1, 0/false stays 0, anything else (an expression) becomes `\'?\'`. `$group`: `_id` becomes `\'?\'`, every other output keeps its accumulator name: `{ total: { $sum: \'?\' } }`.',
        '`$lookup`: copy `from`, `localField`, `foreignField` and `as` when they are strings; `let` keeps its variable names with `\'?\'` values; an inner `pipeline` goes through `pipelineShape` again (recursion). `$unwind` keeps its path (a string, or the `path` of the object form).',
      ],
      services: [],
    },
    {
      id: '07.2',
      title: 'An ESR check of an existing index',
      stub: 'exercises/07-database/02-esr-check.ts',
      test: 'test/exercises/07-database/02-esr-check.test.ts',
      hints: [
        '`keysForShape(shape)` from chapters/07-database/index-advisor.ts returns the proposal for the query with its `equality`, `sort` and `range` field lists (and `key`, the sort fields with their directions). Use the first proposal; none means nothing to judge.',
        'Give every index field a role: E, S, R, or unused. Only judge fields up to the last one the query uses (find its position first): trailing fields are harmless.',
        'Walk in index order remembering the first range field and the first sort field seen. An E after a range -> equality-after-range; an E after a sort field -> equality-after-sort; an S after a range -> sort-after-range; a used field after an unused one -> gap (report it once, on the used field).',
        'For sort-order: take the index\'s sort fields in index order and compare with the query\'s sort fields in sort order. The names must match one for one, and `indexDir * queryDir` must be the same sign for all of them (all equal, or all reversed for a backward scan).',
      ],
      services: [],
    },
    {
      id: '07.3',
      title: 'Indexes a longer index makes redundant',
      stub: 'exercises/07-database/03-redundant-indexes.ts',
      test: 'test/exercises/07-database/03-redundant-indexes.test.ts',
      hints: [
        '`indexFields(key)` in chapters/07-database/index-advisor.ts turns `{ a: 1, b: -1 }` into `[[\'a\', 1], [\'b\', -1]]` and returns undefined for text, hashed or geo keys: skip those.',
        'An index with a job of its own is never redundant: `_id_`, unique, partialFilterExpression, sparse, expireAfterSeconds (TTL), collation, hidden. A covering index must be usable for every query: not partial, sparse, hidden or collated.',
        'B covers A when B is strictly longer and starts with A\'s fields in the same order. Directions: compute `dirA * dirB` per field; they must all be 1 (same) or all be -1 (reversed).',
        'Report `{ redundant: A.name, coveredBy: B.name, reason }` in listing order; the reason should name both indexes and say what to do (hide, watch, drop).',
      ],
      services: ['mongo'],
    },
    {
      id: '07.4',
      title: 'Keyset pagination on a compound sort',
      stub: 'exercises/07-database/04-compound-keyset.ts',
      test: 'test/exercises/07-database/04-compound-keyset.test.ts',
      hints: [
        'Start from `keysetFilter` in chapters/07-database/keyset-batches.ts: the caller\'s filter and the key condition go under `$and`, so neither overwrites the other (the test\'s caller filter is itself an `$or`).',
        'For a sort [[a, -1], [_id, 1]] and a last row {a: A, _id: ID}, "after" means: a < A, OR (a = A AND _id > ID). One branch per sort field: the earlier fields equal, this field `$gt` (ascending) or `$lt` (descending).',
        'Throw `KeysetSortError` unless the last sort field is `_id`; with no `after`, return the caller\'s filter unchanged; with an empty caller filter, the `$or` alone is enough.',
        'pageByCompoundKey: `find(filter).sort(Object.fromEntries(sort)).limit(size)`. When the page is full, `next` is `Object.fromEntries(sort.map(([f]) => [f, last[f]]))`; a short page has no next.',
      ],
      services: ['mongo'],
    },
    {
      id: '07.5',
      title: 'A report of a failed bulk write',
      stub: 'exercises/07-database/05-bulk-error-summary.ts',
      test: 'test/exercises/07-database/05-bulk-error-summary.test.ts',
      hints: [
        'Check `error instanceof MongoBulkWriteError` first and rethrow anything else unchanged. The chapter\'s bulk-write tests in test/chapters/07-database/reads-and-writes.test.ts show what the error holds.',
        '`error.writeErrors` is one WriteError or an array of them: normalise to an array. Each has `index`, `code`, `errmsg` and `getOperation()`. Code 11000 is a duplicate key.',
        '`written` comes from `error.result`: insertedCount + upsertedCount + matchedCount + deletedCount.',
        'Ordered writes stop at the first failure: the indexes after it, up to `attempted - 1`, were never tried. Unordered writes try everything, so notAttempted is empty.',
      ],
      services: ['mongo'],
    },
    {
      id: '07.6',
      title: 'Connection check-out waits from pool events',
      stub: 'exercises/07-database/06-checkout-waits.ts',
      test: 'test/exercises/07-database/06-checkout-waits.test.ts',
      hints: [
        'Compare `PoolMonitor` in chapters/07-database/pool-monitor.ts: it listens to CMAP events with `client.on` and removes its listeners with `client.off`. Keep references to your handlers so dispose() can remove exactly them.',
        '`connectionCheckOutStarted` means one more operation is waiting: count it and keep the peak. `connectionCheckedOut` and `connectionCheckOutFailed` each end one wait.',
        'Both ending events carry `durationMS`, the time the driver measured since the check-out started. Feed it to a `Reservoir` (chapters/07-database/query-stats.ts) for the p95 and keep the max.',
        'Only `connectionCheckedOut` counts as a check-out. Before any event the snapshot is all zeros, and `Reservoir.percentile` returns 0 when empty.',
      ],
      services: ['mongo'],
    },
  ],
};
