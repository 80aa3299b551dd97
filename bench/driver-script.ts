/** What the order intake's bare scripts share: a client, a scratch database, lanes, and the clock. */
import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';

export interface DriverScriptJob {
  readonly uri: string;
  readonly orders: number;
  readonly concurrency: number;
}

/**
 * Runs one order's writes `orders` times over `concurrency` lanes in a database of its own (dropped after), and
 * resolves with orders a second. `prepare` sets the database up (untimed) and returns the writes of one order.
 */
export async function runDriverScript(
  { uri, orders, concurrency }: DriverScriptJob,
  prepare: (db: Db) => Promise<(sequence: number) => Promise<void>>,
): Promise<number> {
  const client = await MongoClient.connect(uri);
  const db = client.db(`bench_${randomUUID().slice(0, 8)}`);
  try {
    const order = await prepare(db);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < orders) {
        next += 1;
        await order(next);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, lane));
    return orders / ((performance.now() - started) / 1000);
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}
