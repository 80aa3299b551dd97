// Random and mutated wire messages: the engine must survive them all, keep serving, and lose no stored document.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../platform/mongo/engine/index.js';
import { encodeCommand } from '../../../platform/mongo/engine/wire.js';
import { RawWireClient } from './support/raw-wire-client.js';

/** mulberry32: a tiny seeded generator, so a failing case reproduces from the seed printed in the test name. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.MONGO_FUZZ_SEED ?? 20_240_601);
const CASES = 300;
const TIME_BUDGET_MS = 8_000;

function templates(i: number): Buffer[] {
  return [
    encodeCommand({ insert: 'target', documents: [{ i, s: 'x'.repeat(i % 40) }], $db: 'fuzz' }, i),
    encodeCommand({ find: 'target', filter: { i: { $gte: i % 7 } }, sort: { i: -1 }, $db: 'fuzz' }, i),
    encodeCommand({ update: 'target', updates: [{ q: { i }, u: { $set: { seen: true } } }], $db: 'fuzz' }, i),
    encodeCommand(
      { aggregate: 'target', pipeline: [{ $group: { _id: '$i', n: { $sum: 1 } } }], cursor: {}, $db: 'fuzz' },
      i,
    ),
    encodeCommand({ hello: 1, $db: 'admin' }, i),
  ];
}

function mutate(random: () => number, message: Buffer): Buffer {
  const out = Buffer.from(message);
  const pick = Math.floor(random() * 5);
  if (pick === 0)
    return Buffer.from(Array.from({ length: Math.floor(random() * 120) }, () => Math.floor(random() * 256)));
  if (pick === 1) return out.subarray(0, Math.floor(random() * out.length)); // truncated
  if (pick === 2) {
    out.writeInt32LE(Math.floor(random() * 2 ** 31) * (random() < 0.5 ? -1 : 1), 0); // lying length
    return out;
  }
  const flips = 1 + Math.floor(random() * 4);
  for (let f = 0; f < flips; f++) out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
  return out;
}

describe(`embedded engine: fuzzing ${CASES} messages (seed ${SEED}; set MONGO_FUZZ_SEED to replay)`, () => {
  let engine: EmbeddedMongo;
  const logged: string[] = [];
  const kept = Array.from({ length: 50 }, (_, i) => ({ _id: i, payload: `keep-${i}` }));

  beforeAll(async () => {
    engine = await startEmbeddedMongo({ logger: { warn: (line) => logged.push(line) } });
    const client = await MongoClient.connect(engine.uri);
    await client.db('keep').collection<{ _id: number; payload: string }>('docs').insertMany(kept);
    await client.close();
  });
  afterAll(async () => {
    await engine.close();
  });

  it('survives random and mutated messages, then serves a normal client with every document intact', async () => {
    const random = seededRandom(SEED);
    const started = Date.now();
    let sent = 0;
    for (let i = 0; i < CASES && Date.now() - started < TIME_BUDGET_MS; i++) {
      const candidates = templates(i);
      const fuzzed = mutate(random, candidates[Math.floor(random() * candidates.length)] as Buffer);
      const raw = await RawWireClient.open(engine.port);
      raw.send(fuzzed);
      await raw.finish(); // end our side; the server answers, ignores or closes, and the connection ends
      sent++;
    }
    expect(sent).toBeGreaterThan(50);

    const client = await MongoClient.connect(engine.uri);
    try {
      expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
      const docs = await client.db('keep').collection('docs').find().sort({ _id: 1 }).toArray();
      expect(docs).toEqual(kept);
      expect(logged.filter((l) => l.includes('internal error'))).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
