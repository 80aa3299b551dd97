import { MongoClient } from 'mongodb';
import { ScryptPasswordHasher } from '../adapters/crypto/scrypt-password-hasher.js';
import { InMemoryOutbox } from '../adapters/outbox/in-memory-outbox.js';
import { InMemoryUserRepository } from '../adapters/persistence/in-memory-user.repository.js';
import { MongoUserRepository } from '../adapters/persistence/mongo-user.repository.js';
import type { Notifier } from '../application/ports/notifier.port.js';
import type { UserRepository } from '../application/ports/user.repository.port.js';
import { createRegisterUser } from '../application/register-user.use-case.js';
import { createApp } from '../app.js';
import { Container } from './container.js';
import { tokens, type RegistrationConfig } from './tokens.js';

// #region module
/**
 * Wires user registration into a container. The notifier is passed in (an SMTP adapter in production, a recording
 * one in tests and the demo); everything else is built from `config`.
 *
 * @example
 * const container = registerUserRegistration(new Container(), config, notifier);
 * container.validate();
 * const app = await container.resolve(tokens.app);
 */
export function registerUserRegistration(
  container: Container,
  config: RegistrationConfig,
  notifier: Notifier,
): Container {
  container
    .registerValue(tokens.config, config)
    .registerValue(tokens.notifier, notifier)
    .registerFactory(tokens.mongoClient, {
      deps: [tokens.config],
      create: async (cfg) => {
        if (cfg.storage.kind !== 'mongo') throw new Error('mongoClient was resolved, but storage.kind is not "mongo"');
        return MongoClient.connect(cfg.storage.uri, { serverSelectionTimeoutMS: 5_000 });
      },
      dispose: (client) => client.close(),
    })
    .registerFactory(tokens.hasher, {
      deps: [tokens.config],
      create: (cfg) => new ScryptPasswordHasher({ cost: cfg.scryptCost, blockSize: 8, parallelization: 1 }),
    })
    .registerClass(tokens.outbox, InMemoryOutbox)
    .registerFactory(tokens.registerUser, {
      deps: [tokens.users, tokens.hasher, tokens.notifier, tokens.outbox],
      create: (users, hasher, notifierPort, outbox) =>
        createRegisterUser({ users, hasher, notifier: notifierPort, outbox }),
    })
    .registerFactory(tokens.app, {
      deps: [tokens.registerUser, tokens.config],
      create: (registerUser, cfg) => createApp({ registerUser, bodyLimit: cfg.bodyLimit }),
    });

  if (config.storage.kind === 'mongo') {
    const { dbName } = config.storage;
    container.registerFactory(tokens.users, {
      deps: [tokens.mongoClient],
      create: (client): Promise<UserRepository> => MongoUserRepository.create(client.db(dbName)),
    });
  } else {
    container.registerClass(tokens.users, InMemoryUserRepository);
  }
  return container;
}
// #endregion module
