import type { Express } from 'express';
import { MongoClient } from 'mongodb';
import { ScryptPasswordHasher } from './adapters/crypto/scrypt-password-hasher.js';
import { InMemoryOutbox } from './adapters/outbox/in-memory-outbox.js';
import { MongoUserRepository } from './adapters/persistence/mongo-user.repository.js';
import type { Notifier } from './application/ports/notifier.port.js';
import { createRegisterUser } from './application/register-user.use-case.js';
import { createApp } from './app.js';

/** What `composeRegistration` built, and the one call that releases it. */
export interface ComposedRegistration {
  readonly app: Express;
  readonly outbox: InMemoryOutbox;
  close(): Promise<void>;
}

// #region plain
/**
 * The same wiring as `registerUserRegistration`, without a container: plain function calls in dependency order.
 * The compiler checks every argument; cleanup is written out in reverse.
 */
export async function composeRegistration(options: {
  uri: string;
  dbName: string;
  notifier: Notifier;
  scryptCost?: number;
}): Promise<ComposedRegistration> {
  const client = await MongoClient.connect(options.uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const users = await MongoUserRepository.create(client.db(options.dbName));
    const hasher = new ScryptPasswordHasher({ cost: options.scryptCost ?? 2 ** 17, blockSize: 8, parallelization: 1 });
    const outbox = new InMemoryOutbox();
    const registerUser = createRegisterUser({ users, hasher, notifier: options.notifier, outbox });
    return { app: createApp({ registerUser }), outbox, close: () => client.close() };
  } catch (error) {
    await client.close(); // a failed start must not leave the connection pool open
    throw error;
  }
}
// #endregion plain
