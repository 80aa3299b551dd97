/**
 * Chapter 7 demo: `npm run demo -- 07`. Uses the MongoDB the provider chain finds (MONGODB_URI, mongodb-memory-server
 * or the embedded engine). Seeds orders, records a workload's query shapes, shows the collection scan, the advisor's
 * suggestion, the index scan once that index exists, and keyset against skip/limit deep in the collection.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient, type Document } from 'mongodb';
import { resolveMongo } from '../../platform/mongo/provider.js';
import { analyseExplain } from './explain-analyser.js';
import { adviseIndexes, existingIndexes } from './index-advisor.js';
import { keysetFilter } from './keyset-batches.js';
import { QueryStats } from './query-stats.js';

interface DemoOrder {
  _id: number;
  customerId: string;
  status: 'pending' | 'paid' | 'shipped' | 'cancelled';
  totalCents: number;
  createdAt: Date;
}

const ORDERS = 20_000;
const STATUSES = ['pending', 'paid', 'shipped', 'cancelled'] as const;
const mongo = await resolveMongo();
const client = new MongoClient(mongo.uri, { monitorCommands: true });
const db = client.db(`demo_07_${randomBytes(3).toString('hex')}`);
const stats = new QueryStats();
const detach = stats.attach(client);

try {
  const orders = db.collection<DemoOrder>('orders');
  for (let i = 0; i < ORDERS; i += 2_000) {
    await orders.insertMany(
      Array.from({ length: 2_000 }, (_, k) => {
        const n = i + k;
        return {
          _id: n,
          customerId: `c${n % 500}`,
          status: STATUSES[Math.floor(n / 500) % 4] ?? 'pending',
          totalCents: (n * 7919) % 100_000,
          createdAt: new Date(1_700_000_000_000 + n * 60_000),
        };
      }),
    );
  }
  console.log(`Seeded ${ORDERS.toLocaleString('en-GB')} orders into ${db.databaseName}.orders`);

  const recentPaid = (customerId: string) =>
    orders.find({ customerId, status: 'paid' }).sort({ createdAt: -1 }).limit(10);

  console.log('\n== A workload: 200 "latest paid orders of a customer" queries, each with its own customer');
  for (let i = 0; i < 200; i++) await recentPaid(`c${(i * 37) % 500}`).toArray();
  const [top] = stats.snapshot().filter((s) => s.shape.operation === 'find');
  if (top)
    console.log(
      `shape ${JSON.stringify(top.shape.filter)} sort ${JSON.stringify(top.shape.sort)}: ${top.count} runs, p95 ${top.p95Ms.toFixed(1)} ms (one shape for 200 distinct values)`,
    );

  console.log('\n== Explain before any index');
  const before = analyseExplain(await recentPaid('c42').explain('executionStats'));
  console.log(`stages: ${before.stages.join(' <- ')}`);
  for (const finding of before.findings) console.log(`- ${finding.message}`);

  console.log('\n== The advisor, from the recorded shapes and the indexes listIndexes reports');
  const costs = stats.snapshot();
  const [suggestion] = adviseIndexes(
    costs,
    await existingIndexes(
      db,
      costs.map((c) => c.shape.namespace),
    ),
  );
  if (!suggestion) throw new Error('the advisor had nothing to suggest, which this workload should not allow');
  console.log(
    `suggest ${JSON.stringify(suggestion.spec)} on ${suggestion.namespace} (equality ${suggestion.equality.join(', ')}; sort ${suggestion.sort.join(', ')}; range ${suggestion.range.join(', ') || 'none'})`,
  );
  console.log(
    `serves ${suggestion.serves.length} shape(s), ${suggestion.serves.reduce((n, s) => n + s.count, 0)} runs, ${suggestion.totalMs.toFixed(0)} ms measured`,
  );

  // A reviewed migration would do this; the demo plays that person.
  await orders.createIndex(suggestion.spec);
  const after = analyseExplain(await recentPaid('c42').explain('executionStats'));
  console.log('\n== Explain after creating it');
  console.log(`stages: ${after.stages.join(' <- ')}`);
  for (const finding of after.findings) console.log(`- ${finding.message}`);
  console.log(
    `documents read: ${before.docsExamined} -> ${after.docsExamined} (${(before.docsExamined / Math.max(1, after.docsExamined)).toFixed(0)}x fewer)`,
  );

  console.log('\n== Page 150 of 100 orders: skip/limit against keyset');
  const page = 150;
  const size = 100;
  const skipExplain = (
    await orders
      .find({})
      .sort({ _id: 1 })
      .skip((page - 1) * size)
      .limit(size)
      .explain('executionStats')
  ).executionStats as Document;
  const lastOfPrevious = (page - 1) * size - 1; // the _id the previous page ended on (ids are 0..N-1 here)
  const keyExplain = (
    await orders
      .find(keysetFilter({}, '_id', lastOfPrevious))
      .sort({ _id: 1 })
      .limit(size)
      .explain('executionStats')
  ).executionStats as Document;
  console.log(
    `skip/limit: ${String(skipExplain.totalKeysExamined)} index keys read for ${String(skipExplain.nReturned)} documents`,
  );
  console.log(
    `keyset:     ${String(keyExplain.totalKeysExamined)} index keys read for ${String(keyExplain.nReturned)} documents`,
  );
} finally {
  detach();
  await db.dropDatabase().catch((error: unknown) => console.error('could not drop the demo database:', error));
  await client.close();
  await mongo.stop();
}
console.log('\nDone: everything was closed');
