// failCommand fail points (mongod with test commands enabled); skipped, with the reason, on a server that refuses them.
import { MongoClient, MongoNetworkError, MongoServerError } from 'mongodb';
import { describe, expect, it, type TestContext } from 'vitest';
import { contractTargets, targetTitle, useContractDb } from '../../support/mongo.js';

for (const target of contractTargets()) {
  describe.skipIf(target.skip)(`fail point contract: ${targetTitle(target)}`, () => {
    const live = useContractDb(target, 'failpoints');

    /** Sets the fail point, or skips the test when the server refuses test commands. */
    async function failCommand(ctx: TestContext, mode: unknown, data: Record<string, unknown>): Promise<void> {
      const admin = live().client.db('admin');
      const refused = await admin.command({ configureFailPoint: 'failCommand', mode, data }).then(
        () => undefined,
        (e: unknown) => (e as Error).message,
      );
      ctx.skip(
        refused !== undefined,
        `server refuses configureFailPoint (start mongod with enableTestCommands=1): ${refused ?? ''}`,
      );
      ctx.onTestFinished(async () => {
        await admin.command({ configureFailPoint: 'failCommand', mode: 'off' });
      });
    }

    it('blockConnection delays the named command by blockTimeMS while other commands go through', async (ctx) => {
      const { uri, db } = live();
      await db.collection('slow').insertOne({ a: 1 });
      await failCommand(ctx, { times: 1 }, { failCommands: ['find'], blockConnection: true, blockTimeMS: 300 });
      const other = await MongoClient.connect(uri);
      try {
        const finished: string[] = [];
        const started = performance.now();
        const slow = db
          .collection('slow')
          .findOne({})
          .then(() => {
            finished.push('find');
            return performance.now() - started;
          });
        await other.db(db.databaseName).collection('fast').insertOne({ b: 1 });
        finished.push('insert');
        const elapsed = await slow;
        expect(finished).toEqual(['insert', 'find']);
        expect(elapsed).toBeGreaterThanOrEqual(290);
      } finally {
        await other.close();
      }
    });

    it('fails the named command with errorCode for exactly `times` calls', async (ctx) => {
      const coll = live().coll('times');
      await failCommand(ctx, { times: 2 }, { failCommands: ['insert'], errorCode: 2 });
      const outcomes: Array<number | 'ok'> = [];
      for (let i = 0; i < 3; i++) {
        outcomes.push(
          await coll.insertOne({ i }).then(
            () => 'ok' as const,
            (e: unknown) => (e as MongoServerError).code as number,
          ),
        );
      }
      expect(outcomes).toEqual([2, 2, 'ok']);
      expect(await coll.countDocuments()).toBe(1);
    });

    it('mode "off" clears an alwaysOn fail point', async (ctx) => {
      const coll = live().coll('off');
      await failCommand(ctx, 'alwaysOn', { failCommands: ['aggregate'], errorCode: 2 }); // countDocuments runs an aggregate
      expect(((await coll.countDocuments().catch((e: unknown) => e)) as MongoServerError).code).toBe(2);
      expect(((await coll.countDocuments().catch((e: unknown) => e)) as MongoServerError).code).toBe(2);
      await live().client.db('admin').command({ configureFailPoint: 'failCommand', mode: 'off' });
      expect(await coll.countDocuments()).toBe(0);
    });

    it('closeConnection drops the connection instead of answering', async (ctx) => {
      const { uri, db } = live();
      const noRetry = await MongoClient.connect(uri, { retryReads: false });
      try {
        await failCommand(ctx, { times: 1 }, { failCommands: ['find'], closeConnection: true });
        const error = await noRetry
          .db(db.databaseName)
          .collection('closing')
          .findOne({})
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MongoNetworkError);
        expect(await noRetry.db(db.databaseName).collection('closing').findOne({})).toBeNull();
      } finally {
        await noRetry.close();
      }
    });
  });
}
