import { randomBytes } from 'node:crypto';
import { MongoClient, type Collection, type Db, type Document, type MongoClientOptions, type ObjectId } from 'mongodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { startEmbeddedMongo } from '../../platform/mongo/engine/index.js';
import type { MongoProviderName } from '../../platform/mongo/provider.js';

/** The MongoDB chosen once for this vitest run by test/support/global-setup.ts. */
export function sharedMongo(): { uri: string; provider: MongoProviderName } {
  return { uri: inject('mongoUri'), provider: inject('mongoProvider') as MongoProviderName };
}

/** A database name no other test file uses, so files can run in parallel against one server. */
export function uniqueDbName(label: string): string {
  return `test_${label.replace(/[^a-zA-Z0-9_]/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
}

/** A server a contract test runs against; `skip` names why it is not available this run. */
export interface ContractTarget {
  readonly name: string;
  readonly skip: string | false;
  start(): Promise<{ uri: string; stop(): Promise<void> }>;
}

/**
 * Every provider the contract suite runs against: always an embedded engine started for the file, plus the
 * run's real MongoDB when the global setup found one (MONGODB_URI or mongodb-memory-server).
 */
export function contractTargets(): ContractTarget[] {
  const shared = sharedMongo();
  return [
    {
      name: 'embedded engine',
      skip: false,
      start: async () => {
        const engine = await startEmbeddedMongo();
        return { uri: engine.uri, stop: () => engine.close() };
      },
    },
    {
      name: shared.provider === 'embedded' ? 'real MongoDB' : `real MongoDB via ${shared.provider}`,
      skip:
        shared.provider !== 'embedded'
          ? false
          : process.env.WORKBOOK_MONGO_PROVIDER === 'embedded'
            ? 'WORKBOOK_MONGO_PROVIDER=embedded and MONGODB_URI unset: no real MongoDB in this run'
            : 'no real MongoDB in this run: MONGODB_URI is unset and mongodb-memory-server did not start',
      start: async () => ({ uri: shared.uri, stop: async () => {} }),
    },
  ];
}

/** The describe title of a target, naming the reason when it is skipped. */
export function targetTitle(target: ContractTarget): string {
  return target.skip ? `${target.name} (skipped: ${target.skip})` : target.name;
}

/** A document of any shape, `_id` of any type: contract tests probe the server, not a schema. */
export interface LooseDoc extends Document {
  _id?: number | string | ObjectId | Document;
}

export interface LiveDb {
  client: MongoClient;
  db: Db;
  uri: string;
  coll(name: string): Collection<LooseDoc>;
}

/**
 * Inside a describe: connects the official driver to `target` before its tests and cleans up after
 * (drops the test database, closes the client, stops what was started). Returns a getter for the live handles.
 */
export function useContractDb(target: ContractTarget, label: string): () => LiveDb {
  let live: LiveDb | undefined;
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (target.skip) return;
    const started = await target.start();
    stop = started.stop;
    const client = await MongoClient.connect(started.uri, { serverSelectionTimeoutMS: 5_000 });
    const db = client.db(uniqueDbName(label));
    live = { client, db, uri: started.uri, coll: (name) => db.collection<LooseDoc>(name) };
  });
  afterAll(async () => {
    if (live) {
      await live.db.dropDatabase();
      await live.client.close();
    }
    await stop?.();
  });
  return () => {
    if (!live) throw new Error(`${target.name} is not connected (its beforeAll failed or it is skipped)`);
    return live;
  };
}

export interface FileDb {
  readonly client: MongoClient;
  readonly db: Db;
}

/**
 * A client on the run's MongoDB (the embedded engine unless MONGODB_URI is set) and a database of this test file's
 * own, connected before its tests and dropped after them.
 */
export function useLiveDb(label: string, options: MongoClientOptions = {}): () => FileDb {
  let live: FileDb | undefined;
  beforeAll(async () => {
    const client = await MongoClient.connect(sharedMongo().uri, { serverSelectionTimeoutMS: 5_000, ...options });
    live = { client, db: client.db(uniqueDbName(label)) };
  });
  afterAll(async () => {
    await live?.db.dropDatabase();
    await live?.client.close();
  });
  return () => {
    if (!live) throw new Error(`the ${label} database is not connected: its beforeAll hook failed`);
    return live;
  };
}
