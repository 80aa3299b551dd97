/**
 * Chapter 7: what an index and keyset pagination buy, through the official driver against the MongoDB the provider
 * chain finds (the embedded engine here and in CI; real MongoDB when MONGODB_URI is set). In one run:
 * - the same filter with and without its compound index at 10,000 and 100,000 documents: documents examined and
 *   median time, as ratios (no index / index);
 * - page 1,000 of 100 documents by skip/limit against keyset (`_id > last`): keys examined and median time.
 * Run: `npm run bench -- mongo-queries`. Times are medians of interleaved rounds; read the ratios, not the ms.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient, type Collection, type Document, type Filter } from 'mongodb';
import { resolveMongo } from '../platform/mongo/provider.js';
import { keysetFilter } from '../chapters/07-database/keyset-batches.js';

interface Item {
  _id: number;
  category: string;
  score: number;
  pad: string;
}

const PAD = 'x'.repeat(200);
const item = (i: number): Item => ({ _id: i, category: `c${i % 1000}`, score: i % 97, pad: PAD });
const query: Filter<Item> = { category: 'c7', score: { $gte: 10, $lt: 60 } };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timeMs(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function seed(coll: Collection<Item>, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += 2_000)
    await coll.insertMany(Array.from({ length: Math.min(2_000, to - i) }, (_, k) => item(i + k)));
}

async function examined(
  coll: Collection<Item>,
  filter: Filter<Item>,
  shape: (c: ReturnType<Collection<Item>['find']>) => ReturnType<Collection<Item>['find']> = (c) => c,
): Promise<Document> {
  return (await shape(coll.find(filter)).explain('executionStats')).executionStats as Document;
}

async function indexVersusScan(coll: Collection<Item>, size: number, rounds: number): Promise<void> {
  const run = (): Promise<Item[]> => coll.find(query).toArray();
  const scan = await examined(coll, query);
  const scanTimes: number[] = [];
  for (let r = 0; r < rounds; r++) scanTimes.push(await timeMs(run));
  await coll.createIndex({ category: 1, score: 1 });
  const indexed = await examined(coll, query);
  const indexTimes: number[] = [];
  for (let r = 0; r < rounds; r++) indexTimes.push(await timeMs(run));
  await coll.dropIndex('category_1_score_1');
  const docsRatio = Number(scan.totalDocsExamined) / Math.max(1, Number(indexed.totalDocsExamined));
  const timeRatio = median(scanTimes) / median(indexTimes);
  console.log(
    `${size.toLocaleString('en-GB').padStart(7)} docs: returned ${String(indexed.nReturned)}; docs examined ${String(scan.totalDocsExamined)} without the index, ` +
      `${String(indexed.totalDocsExamined)} with it (ratio ${docsRatio.toFixed(0)}); median ${median(scanTimes).toFixed(2)} ms vs ${median(indexTimes).toFixed(2)} ms (ratio ${timeRatio.toFixed(1)})`,
  );
}

export default async function run(): Promise<void> {
  const mongo = await resolveMongo();
  const client = await MongoClient.connect(mongo.uri);
  const db = client.db(`bench_07_${randomBytes(3).toString('hex')}`);
  try {
    const coll = db.collection<Item>('items');
    console.log(
      `provider: ${mongo.provider}; the machine may be shared with other work, so times are noisy: read the ratios`,
    );
    console.log('\n-- the same query without and with its index { category: 1, score: 1 }');
    await seed(coll, 0, 10_000);
    await indexVersusScan(coll, 10_000, 15);
    await seed(coll, 10_000, 100_000);
    await indexVersusScan(coll, 100_000, 7);

    console.log('\n-- page 1,000 of 100 documents (sorted by _id): skip/limit against keyset');
    const page = 1_000;
    const size = 100;
    const bySkip = (c: ReturnType<Collection<Item>['find']>) =>
      c
        .sort({ _id: 1 })
        .skip((page - 1) * size)
        .limit(size);
    const afterKey = (page - 1) * size - 1; // the last _id of page 999 (ids are 0..N-1)
    const byKey = (c: ReturnType<Collection<Item>['find']>) => c.sort({ _id: 1 }).limit(size);
    const skipStats = await examined(coll, {}, bySkip);
    const keyStats = await examined(coll, keysetFilter<Item>({}, '_id', afterKey), byKey);
    const skipTimes: number[] = [];
    const keyTimes: number[] = [];
    for (let r = 0; r < 9; r++) {
      skipTimes.push(await timeMs(() => bySkip(coll.find({})).toArray()));
      keyTimes.push(await timeMs(() => byKey(coll.find(keysetFilter<Item>({}, '_id', afterKey))).toArray()));
    }
    const same =
      JSON.stringify(await bySkip(coll.find({})).toArray()) ===
      JSON.stringify(await byKey(coll.find(keysetFilter<Item>({}, '_id', afterKey))).toArray());
    console.log(
      `keys examined: skip ${String(skipStats.totalKeysExamined)}, keyset ${String(keyStats.totalKeysExamined)} ` +
        `(ratio ${(Number(skipStats.totalKeysExamined) / Math.max(1, Number(keyStats.totalKeysExamined))).toFixed(0)}); ` +
        `median ${median(skipTimes).toFixed(2)} ms vs ${median(keyTimes).toFixed(2)} ms (ratio ${(median(skipTimes) / median(keyTimes)).toFixed(1)}); same page: ${String(same)}`,
    );
  } finally {
    await db.dropDatabase();
    await client.close();
    await mongo.stop();
  }
}
