import { afterEach, describe, expect, it } from 'vitest';
import { RecordingNotifier } from '../../../chapters/02-architecture/adapters/notifications/recording-notifier.js';
import { composeRegistration } from '../../../chapters/02-architecture/composition-root.js';
import { Container } from '../../../chapters/02-architecture/container/container.js';
import { registerUserRegistration } from '../../../chapters/02-architecture/container/registration.module.js';
import { tokens } from '../../../chapters/02-architecture/container/tokens.js';
import { sharedMongo, uniqueDbName } from '../../support/mongo.js';
import { listen, postJson, type RunningServer } from './support/http.js';

const ada = { name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(app: Parameters<typeof listen>[0]): Promise<RunningServer> {
  const server = await listen(app);
  cleanups.push(() => server.close());
  return server;
}

describe('registration wired by the container', () => {
  it.each([
    ['memory', { kind: 'memory' as const }],
    ['mongo', { kind: 'mongo' as const, uri: '', dbName: '' }],
  ])(
    'validates and serves registrations with %s storage, then disposes the MongoDB client',
    async (_label, storage) => {
      const config = {
        storage:
          storage.kind === 'mongo'
            ? { kind: 'mongo' as const, uri: sharedMongo().uri, dbName: uniqueDbName('di_module') }
            : storage,
        scryptCost: 2 ** 10,
        bodyLimit: '16kb',
      };
      const container = registerUserRegistration(new Container(), config, new RecordingNotifier());
      container.validate();
      cleanups.push(() => container.dispose());
      if (config.storage.kind === 'mongo') {
        const { dbName } = config.storage;
        const client = await container.resolve(tokens.mongoClient);
        cleanups.push(async () => void (await client.db(dbName).dropDatabase())); // runs before dispose closes the client
      }

      const server = await serve(await container.resolve(tokens.app));
      expect((await postJson(`${server.url}/users`, ada)).status).toBe(201);
      expect((await postJson(`${server.url}/users`, ada)).status).toBe(409);
    },
  );
});

describe('registration wired by a plain composition root', () => {
  it('serves registrations on MongoDB and closes its client', async () => {
    const composed = await composeRegistration({
      uri: sharedMongo().uri,
      dbName: uniqueDbName('plain_root'),
      notifier: new RecordingNotifier(),
      scryptCost: 2 ** 10,
    });
    cleanups.push(() => composed.close());
    const server = await serve(composed.app);
    expect((await postJson(`${server.url}/users`, ada)).status).toBe(201);
    expect((await postJson(`${server.url}/users`, { ...ada, email: 'ADA@example.com' })).status).toBe(409);
  });
});
