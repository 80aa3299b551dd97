import type { Express } from 'express';
import type { MongoClient } from 'mongodb';
import type { InMemoryOutbox } from '../adapters/outbox/in-memory-outbox.js';
import type { Notifier } from '../application/ports/notifier.port.js';
import type { PasswordHasher } from '../application/ports/password-hasher.port.js';
import type { UserRepository } from '../application/ports/user.repository.port.js';
import type { RegisterUser } from '../application/register-user.use-case.js';
import { createToken } from './token.js';

/** Where users are stored: in memory, or in MongoDB at `uri`, database `dbName`. */
export type StorageConfig =
  { readonly kind: 'memory' } | { readonly kind: 'mongo'; readonly uri: string; readonly dbName: string };

export interface RegistrationConfig {
  readonly storage: StorageConfig;
  /** scrypt cost (power of two); lower it in tests only. */
  readonly scryptCost: number;
  readonly bodyLimit: string;
}

/** The tokens of the registration feature; the capstone adds its own beside them. */
export const tokens = {
  config: createToken<RegistrationConfig>('config'),
  mongoClient: createToken<MongoClient>('mongoClient'),
  users: createToken<UserRepository>('userRepository'),
  hasher: createToken<PasswordHasher>('passwordHasher'),
  notifier: createToken<Notifier>('notifier'),
  // The adapter type, not the port: the composition root and the demo read pending entries from it.
  outbox: createToken<InMemoryOutbox>('outbox'),
  registerUser: createToken<RegisterUser>('registerUser'),
  app: createToken<Express>('app'),
};
