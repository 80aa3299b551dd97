/**
 * Chapter 2 demo: `npm run demo -- 02` (or `npx tsx chapters/02-architecture/demo.ts`).
 * Starts the app on MongoDB from the provider chain (MONGODB_URI, mongodb-memory-server, else the embedded engine),
 * registers users over real HTTP, shows a 409 on a duplicate and a race, then closes everything and exits by itself.
 */
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { resolveMongo } from '../../platform/mongo/provider.js';
import { RecordingNotifier } from './adapters/notifications/recording-notifier.js';
import { Container } from './container/container.js';
import { registerUserRegistration } from './container/registration.module.js';
import { tokens } from './container/tokens.js';

async function post(url: string, body: unknown): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  const summary = response.ok
    ? `id=${String(json.id).slice(0, 8)}… email=${String(json.email)}`
    : `${String(json.code)}: ${String(json.detail)}`;
  return `${response.status} ${response.headers.get('content-type')?.split(';')[0] ?? ''} ${summary}`;
}

const mongo = await resolveMongo();
const notifier = new RecordingNotifier();
const container = registerUserRegistration(
  new Container(),
  { storage: { kind: 'mongo', uri: mongo.uri, dbName: 'workbook_demo_02' }, scryptCost: 2 ** 14, bodyLimit: '16kb' },
  notifier,
);
try {
  container.validate();
  console.log('container.validate(): the graph is complete, no cycles, no captured scopes');
  const app = await container.resolve(tokens.app);
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/users`;
  try {
    const client = await container.resolve(tokens.mongoClient);
    await client.db('workbook_demo_02').collection('users').deleteMany({}); // a fresh start when MONGODB_URI is reused

    console.log(`\n== Register over HTTP (${url})`);
    console.log(
      `  Ada            -> ${await post(url, { name: 'Ada Lovelace', email: 'Ada@Example.com', password: 'correct horse battery' })}`,
    );
    console.log(
      `  Grace          -> ${await post(url, { name: 'Grace Hopper', email: 'grace@example.com', password: 'compilers are fun' })}`,
    );
    console.log(
      `  Ada again, new case -> ${await post(url, { name: 'Ada again', email: 'ADA@example.COM', password: 'another password' })}`,
    );

    console.log('\n== Two concurrent sign-ups with one email');
    const race = await Promise.all([
      post(url, { name: 'Twin A', email: 'twin@example.com', password: 'first of two' }),
      post(url, { name: 'Twin B', email: 'TWIN@example.com', password: 'second of two' }),
    ]);
    console.log(
      `  statuses: ${race
        .map((line) => line.slice(0, 3))
        .sort()
        .join(' and ')}`,
    );

    console.log('\n== Invalid input is a 400 with the field, never a 500');
    console.log(`  ${await post(url, { name: 'Eve', email: 'x'.repeat(5000), password: 'long enough' })}`);

    console.log('\n== Welcome email fails: still 201, queued for a retry');
    notifier.failWith(new Error('SMTP 421 service not available'));
    console.log(`  ${await post(url, { name: 'Linus', email: 'linus@example.com', password: 'a patch a day' })}`);
    const outbox = await container.resolve(tokens.outbox);
    console.log(`  outbox entries waiting for a retry: ${(await outbox.pending()).length}`);

    const stored = await client.db('workbook_demo_02').collection('users').countDocuments();
    console.log(`\nusers stored: ${stored}, welcome emails sent: ${notifier.sent.length}`);
    await client.db('workbook_demo_02').dropDatabase();
  } finally {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
} finally {
  await container.dispose();
  await mongo.stop();
}
console.log(
  'Done: server closed, container disposed (MongoDB client closed), MongoDB stopped; the process exits by itself.',
);
