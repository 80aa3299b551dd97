import { MongoClient } from 'mongodb';
import { InMemoryUserRepository } from '../../../../chapters/02-architecture/adapters/persistence/in-memory-user.repository.js';
import { MongoUserRepository } from '../../../../chapters/02-architecture/adapters/persistence/mongo-user.repository.js';
import type { UserRepository } from '../../../../chapters/02-architecture/application/ports/user.repository.port.js';
import { sharedMongo, uniqueDbName } from '../../../support/mongo.js';

export interface LiveRepository {
  readonly users: UserRepository;
  /** Number of stored user documents, read from the storage itself. */
  count(): Promise<number>;
  close(): Promise<void>;
}

export interface RepositoryTarget {
  readonly name: string;
  open(label: string): Promise<LiveRepository>;
}

/** Both repositories: in memory, and MongoDB through the run's provider (embedded engine, memory server or URI). */
export function repositoryTargets(): RepositoryTarget[] {
  return [
    {
      name: 'in-memory repository',
      open: async () => {
        const users = new InMemoryUserRepository();
        return { users, count: async () => users.size, close: async () => {} };
      },
    },
    {
      name: `MongoDB repository (${sharedMongo().provider})`,
      open: async (label) => {
        const client = await MongoClient.connect(sharedMongo().uri, { serverSelectionTimeoutMS: 5_000 });
        const db = client.db(uniqueDbName(label));
        const users = await MongoUserRepository.create(db);
        return {
          users,
          count: () => users.collection.countDocuments(),
          close: async () => {
            await db.dropDatabase();
            await client.close();
          },
        };
      },
    },
  ];
}
