// The pool gauges read real CMAP events; the held-connection test needs the failCommand fail point (mongod with
// test commands enabled, or the embedded engine) and skips, saying why, on a server that refuses it.
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it, type TestContext } from 'vitest';
import { PoolMonitor, type PoolSnapshot } from '../../../chapters/07-database/pool-monitor.js';
import { contractTargets, targetTitle, uniqueDbName } from '../../support/mongo.js';

/** Resolves with the first snapshot that satisfies `predicate` (checked on every gauge change). */
function whenPool(monitor: PoolMonitor, predicate: (s: PoolSnapshot) => boolean): Promise<PoolSnapshot> {
  return new Promise((resolve) => {
    const off = monitor.onChange((snapshot) => {
      if (!predicate(snapshot)) return;
      off();
      resolve(snapshot);
    });
  });
}

for (const target of contractTargets()) {
  describe.skipIf(target.skip)(`pool monitor: ${targetTitle(target)}`, () => {
    const owned: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const close of owned.splice(0).reverse()) await close();
    });

    async function start(options: ConstructorParameters<typeof MongoClient>[1] = {}) {
      const server = await target.start();
      owned.push(server.stop);
      const appName = `ch07-pool-${randomUUID()}`;
      const client = new MongoClient(server.uri, { appName, serverSelectionTimeoutMS: 5_000, ...options });
      const monitor = PoolMonitor.attach(client);
      owned.push(async () => {
        monitor.dispose();
        await client.close();
      });
      await client.connect();
      return { client, monitor, appName, db: client.db(uniqueDbName('ch07_pool')) };
    }

    /** Sets failCommand for this client's app name only, or skips when the server refuses test commands. */
    async function failCommand(
      ctx: TestContext,
      client: MongoClient,
      data: Record<string, unknown>,
      times: number,
    ): Promise<void> {
      const admin = client.db('admin');
      const refused = await admin.command({ configureFailPoint: 'failCommand', mode: { times }, data }).then(
        () => undefined,
        (e: unknown) => (e as Error).message,
      );
      ctx.skip(
        refused !== undefined,
        `server refuses configureFailPoint (start mongod with enableTestCommands=1): ${refused ?? ''}`,
      );
      owned.push(async () => {
        await admin.command({ configureFailPoint: 'failCommand', mode: 'off' });
      });
    }

    // #region held
    it('reads 5 checked out while 5 commands are held by the server, then 0', async (ctx) => {
      const { client, monitor, appName, db } = await start();
      const coll = db.collection('held');
      await coll.insertOne({ a: 1 });
      owned.push(async () => void (await db.dropDatabase()));
      await failCommand(ctx, client, { failCommands: ['find'], blockConnection: true, blockTimeMS: 1_500, appName }, 5);
      const fiveOut = whenPool(monitor, (s) => s.checkedOut === 5);
      const finds = Promise.all(Array.from({ length: 5 }, () => coll.findOne({})));
      const during = await fiveOut;
      expect(during).toMatchObject({ checkedOut: 5, waiting: 0 });
      expect(during.open).toBeGreaterThanOrEqual(5);
      await finds;
      const after = monitor.snapshot();
      expect(after.checkedOut).toBe(0);
      expect(after.checkOuts).toBeGreaterThanOrEqual(6);
    });
    // #endregion held

    it('counts waiters when the pool is smaller than the concurrency, and every check-out is checked back in', async () => {
      const { monitor, db } = await start({ maxPoolSize: 1 });
      const coll = db.collection('queue');
      const before = monitor.snapshot().checkOuts;
      let peakWaiting = 0;
      const off = monitor.onChange((s) => (peakWaiting = Math.max(peakWaiting, s.waiting)));
      await Promise.all(Array.from({ length: 8 }, (_, i) => coll.findOne({ i })));
      off();
      const after = monitor.snapshot();
      expect(peakWaiting).toBeGreaterThanOrEqual(1);
      expect(after).toMatchObject({ open: 1, checkedOut: 0, waiting: 0, created: 1 });
      expect(after.checkOuts - before).toBe(8);
    });

    it('counts every connection closed when the client closes, leaving the gauges at 0', async () => {
      const { client, monitor, db } = await start();
      await db.collection('closing').findOne({});
      const open = monitor.snapshot().open;
      await client.close();
      expect(monitor.snapshot()).toMatchObject({ open: 0, closed: open, checkedOut: 0 });
      await expect(db.collection('closing').findOne({})).rejects.toThrow();
    });
  });
}
