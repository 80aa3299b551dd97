import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { ProcessedMessageStore } from '../../chapters/06-microservices/idempotent-consumer.js';
import { DUPLICATE_KEY } from '../../platform/mongo/server-error-codes.js';

interface ProcessedDocument {
  _id: string;
  processedAt: Date;
}

/**
 * Chapter 6's idempotent-consumer store in MongoDB, shared by every worker instance and kept across restarts. A TTL
 * index forgets ids after `retainSeconds`: longer than any redelivery can take.
 *
 * @example
 * const store = await MongoProcessedMessageStore.create(db, 'order-fulfilment');
 */
export class MongoProcessedMessageStore implements ProcessedMessageStore {
  private constructor(
    private readonly collection: Collection<ProcessedDocument>,
    private readonly group: string,
  ) {}

  static async create(db: Db, group: string, retainSeconds = 7 * 24 * 60 * 60): Promise<MongoProcessedMessageStore> {
    const collection = db.collection<ProcessedDocument>('processed_messages');
    await collection.createIndex({ processedAt: 1 }, { expireAfterSeconds: retainSeconds, name: 'processed_ttl' });
    return new MongoProcessedMessageStore(collection, group);
  }

  async has(messageId: string): Promise<boolean> {
    return (await this.collection.countDocuments({ _id: this.#id(messageId) }, { limit: 1 })) === 1;
  }

  async add(messageId: string): Promise<void> {
    try {
      await this.collection.insertOne({ _id: this.#id(messageId), processedAt: new Date() });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
  }

  #id(messageId: string): string {
    return `${this.group}:${messageId}`;
  }
}
