import { randomUUID } from 'node:crypto';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import { DUPLICATE_KEY } from '../../platform/mongo/server-error-codes.js';

/** Who is working on an order, until when. The token tells this holder from a later one after an expiry. */
export interface OrderClaimDocument {
  _id: string;
  messageId: string;
  token: string;
  expiresAt: Date;
}

/** A claim this copy holds; pass it back to `release`. */
export interface OrderClaim {
  readonly orderId: string;
  readonly token: string;
}

const ORDER_CLAIMS_COLLECTION = 'order_claims';

/**
 * One claim document per order in flight: a copy of `order.placed` takes it before it reads the order, and only
 * the holder reserves, decides and settles. Taking it is one write (update an expired claim, or insert where none
 * exists; the `_id` index refuses a second live one), so two processes can never both hold it. A holder that dies
 * leaves its claim to expire: the redelivery takes it over then and completes the order.
 *
 * @example
 * const claims = await MongoOrderClaimStore.create(db);
 * const claim = await claims.take(orderId, message.messageId, new Date());
 */
export class MongoOrderClaimStore {
  private constructor(
    readonly collection: Collection<OrderClaimDocument>,
    private readonly ttlMs: number,
  ) {}

  /** `ttlMs`: how long a claim outlives a holder that died; far longer than one order takes. */
  static async create(db: Db, ttlMs = 60_000): Promise<MongoOrderClaimStore> {
    const collection = db.collection<OrderClaimDocument>(ORDER_CLAIMS_COLLECTION);
    // Expired claims are only leftovers of dead holders: the server may remove them (taking one works either way).
    await collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'order_claim_ttl' });
    return new MongoOrderClaimStore(collection, ttlMs);
  }

  // #region take
  /** Takes the order's claim, or answers `undefined` while another copy holds one that has not expired at `now`. */
  async take(orderId: string, messageId: string, now: Date): Promise<OrderClaim | undefined> {
    const token = randomUUID();
    try {
      await this.collection.updateOne(
        { _id: orderId, expiresAt: { $lte: now } },
        { $set: { messageId, token, expiresAt: new Date(now.getTime() + this.ttlMs) } },
        { upsert: true },
      );
      return { orderId, token };
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return undefined;
      throw error;
    }
  }
  // #endregion take

  /** Gives the claim up; a claim taken over after expiry (another token) is left to its new holder. */
  async release(claim: OrderClaim): Promise<void> {
    await this.collection.deleteOne({ _id: claim.orderId, token: claim.token });
  }
}
