/**
 * The embedded MongoDB engine through the official driver, against the transport floor measured in the same run
 * (driver `ping` round trips per second on the same client): insertOne, findOne by _id and by an indexed field,
 * at 10,000 and 100,000 documents of about 1 KB; engine start-up to first accepted connection; RSS at 100,000.
 * Goals (issue 5): every operation at least 0.5 of ping; indexed lookups no slower at 100k than at 10k; start-up
 * under 100 ms. Run: `npm run bench -- mongo-engine`.
 */
import { connect } from 'node:net';
import { once } from 'node:events';
import { MongoClient, ObjectId, type Collection } from 'mongodb';
import { startEmbeddedMongo } from '../platform/mongo/engine/index.js';

interface Person {
  _id: ObjectId;
  email: string;
  name: string;
  age: number;
  bio: string;
}

const BIO = 'lorem ipsum dolor sit amet '.repeat(34).slice(0, 900);
const person = (i: number): Person => ({
  _id: new ObjectId(),
  email: `user${i}@example.test`,
  name: `User ${i}`,
  age: i % 90,
  bio: BIO,
});

/** Sequential operations for about `ms` milliseconds; returns operations per second. */
async function rate(ms: number, op: (i: number) => Promise<unknown>, offset = 0): Promise<number> {
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    for (let k = 0; k < 25; k++) await op(offset + n++);
  }
  return n / ((performance.now() - started) / 1000);
}

/**
 * Interleaves slices of `ping` and of `op` (7 rounds of 150 ms each) so that load from other processes hits both
 * alike; returns the median rate of each and the median of the per-round ratios.
 */
async function versusPing(
  ping: () => Promise<unknown>,
  op: (i: number) => Promise<unknown>,
): Promise<{ ping: number; op: number; ratio: number }> {
  for (let i = 0; i < 1000; i++) {
    await ping();
    await op(i);
  }
  const pings: number[] = [];
  const ops: number[] = [];
  const ratios: number[] = [];
  let done = 0;
  for (let round = 0; round < 7; round++) {
    const p = await rate(150, ping);
    const o = await rate(150, op, done);
    done += Math.ceil(o * 0.15) + 25;
    pings.push(p);
    ops.push(o);
    ratios.push(o / p);
  }
  return { ping: median(pings), op: median(ops), ratio: median(ratios) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function startupMs(): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 15; i++) {
    const started = performance.now();
    const engine = await startEmbeddedMongo();
    const socket = connect(engine.port, '127.0.0.1');
    await once(socket, 'connect');
    samples.push(performance.now() - started);
    socket.destroy();
    await engine.close();
  }
  return median(samples);
}

async function seed(coll: Collection<Person>, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += 1000) {
    await coll.insertMany(Array.from({ length: Math.min(1000, to - i) }, (_, k) => person(i + k)));
  }
}

export default async function run(): Promise<void> {
  const startup = await startupMs();
  const engine = await startEmbeddedMongo({ logger: { warn: () => undefined } });
  const client = await MongoClient.connect(engine.uri, { maxPoolSize: 1 });
  try {
    const coll = client.db('bench').collection<Person>('people');
    await coll.createIndex({ email: 1 }, { unique: true });
    const admin = client.db('admin');
    const rows: Array<{ size: number; op: string; perSecond: number; ping: number; ratio: number }> = [];
    let seeded = 0;
    const ids: ObjectId[] = [];
    for (const size of [10_000, 100_000]) {
      await seed(coll, seeded, size);
      seeded = size;
      ids.length = 0;
      for await (const doc of coll.find({}, { projection: { _id: 1 } }).limit(1000)) ids.push(doc._id);
      const ping = (): Promise<unknown> => admin.command({ ping: 1 });
      let extra = 0;
      const measured = {
        insertOne: await versusPing(ping, () => coll.insertOne(person(10_000_000 + size + extra++))),
        'findOne by _id': await versusPing(ping, (i) => coll.findOne({ _id: ids[i % ids.length] as ObjectId })),
        'findOne by indexed email': await versusPing(ping, (i) =>
          coll.findOne({ email: `user${(i * 7919) % size}@example.test` }),
        ),
      };
      for (const [op, m] of Object.entries(measured))
        rows.push({ size, op, perSecond: m.op, ping: m.ping, ratio: m.ratio });
    }
    const rssMb = process.memoryUsage().rss / 1024 / 1024;
    console.log('embedded MongoDB engine through the official driver, one connection, sequential round trips');
    console.log(
      'size      operation                   ops/s   ping/s   ratio to ping (median of 7 interleaved rounds)',
    );
    for (const r of rows) {
      const cells = [
        String(r.size).padEnd(9),
        r.op.padEnd(26),
        Math.round(r.perSecond).toString().padStart(7),
        Math.round(r.ping).toString().padStart(7),
      ];
      console.log(`${cells.join(' ')}   ${r.ratio.toFixed(2)}`);
    }
    const at = (size: number, op: string): number =>
      rows.find((r) => r.size === size && r.op === op)?.perSecond ?? Number.NaN;
    console.log(
      `indexed findOne, 100k vs 10k: ${(at(100_000, 'findOne by indexed email') / at(10_000, 'findOne by indexed email')).toFixed(2)}x`,
    );
    console.log(
      `findOne by _id, 100k vs 10k: ${(at(100_000, 'findOne by _id') / at(10_000, 'findOne by _id')).toFixed(2)}x`,
    );
    console.log(
      `engine start-up to first accepted connection (median of 15): ${startup.toFixed(1)} ms (goal < 100 ms)`,
    );
    console.log(
      `RSS of this process (engine, driver and data) at ${await coll.estimatedDocumentCount()} documents: ${rssMb.toFixed(0)} MB`,
    );
  } finally {
    await client.close();
    await engine.close();
  }
}
