import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { startTestServices } from '../../../chapters/05-testing/harness/test-services.js';
import { connectEventBus } from '../../../chapters/06-microservices/event-bus-provider.js';
import { sharedMongo } from '../../support/mongo.js';

describe('startTestServices', () => {
  it('prints one line naming the provider of every service, and each provider follows its URL variable', async () => {
    const lines: string[] = [];
    const services = await startTestServices({
      label: 'services',
      mongo: sharedMongo(),
      redis: true,
      connectBus: ({ url, connectionName }) => connectEventBus({ url, connectionName, log: () => {} }),
      log: (line) => lines.push(line),
    });
    try {
      console.log(lines.join('\n'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^\[harness\] services: mongo=\S+ .*, redis=\S+, amqp=\S+/);
      expect(services.providers.redis).toBe(process.env.REDIS_URL ? 'redis' : 'ioredis-mock');
      expect(services.providers.amqp).toBe(process.env.AMQP_URL ? 'rabbitmq' : 'in-memory');
      expect(services.providers.mongo).toContain(sharedMongo().provider);
      await services.redis!.client.set(`${services.db.databaseName}:ping`, 'pong', 'EX', 60);
      expect(await services.redis!.client.get(`${services.db.databaseName}:ping`)).toBe('pong');
      await services.db.collection('probe').insertOne({ ok: true });
      expect(await services.db.collection('probe').countDocuments()).toBe(1);
    } finally {
      await services.close();
    }
  });

  it('drops its database on close, so a kept MongoDB does not fill up with test data', async () => {
    const services = await startTestServices({ label: 'services-close', mongo: sharedMongo(), log: () => {} });
    const name = services.db.databaseName;
    await services.db.collection('probe').insertOne({ ok: true });
    await services.close();
    const client = await MongoClient.connect(sharedMongo().uri);
    try {
      const { databases } = await client.db('admin').admin().listDatabases();
      expect(databases.map((d) => d.name)).not.toContain(name);
    } finally {
      await client.close();
    }
  });
});
