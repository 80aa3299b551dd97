import { randomUUID } from 'node:crypto';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import { DUPLICATE_KEY } from '../../platform/mongo/server-error-codes.js';

/** Who holds a lease, until when. One document per lease name. */
export interface LeaseDocument {
  _id: string;
  holder: string;
  expiresAt: Date;
}

export interface MongoLeaseOptions {
  readonly db: Db;
  /** What the lease guards, e.g. `outbox-relay:orders:orders-api`. */
  readonly name: string;
  /** How long a holder that stops renewing keeps the lease (default 10 s): the longest a takeover waits. */
  readonly ttlMs?: number;
  /** This holder's id (default: a random one per instance). */
  readonly holder?: string;
  /** Collection of lease documents (default `leases`). */
  readonly collectionName?: string;
  readonly now?: () => Date;
}

// #region lease
/**
 * A time-limited lease in MongoDB: at most one live holder per name. Taking or renewing it is ONE conditional upsert
 * ("mine, or expired: make it mine until now + ttl"); the unique `_id` refuses a second holder while the first one's
 * lease is live. A holder that dies simply stops renewing, and another takes over once `expiresAt` passed. Expiry is
 * judged by each process's clock, so clocks must agree to well within the ttl (NTP does that).
 *
 * @example
 * const lease = new MongoLease({ db, name: 'outbox-relay:orders:orders-api' });
 * if (await lease.acquire()) await publishPending();
 * // ... on shutdown:
 * await lease.release();
 */
export class MongoLease {
  readonly name: string;
  readonly holder: string;
  readonly ttlMs: number;
  readonly #collection: Collection<LeaseDocument>;
  readonly #now: () => Date;
  /** When this instance's lease runs out as far as it knows; 0 when it holds none. */
  #heldUntil = 0;

  constructor(options: MongoLeaseOptions) {
    this.name = options.name;
    this.holder = options.holder ?? randomUUID();
    this.ttlMs = options.ttlMs ?? 10_000;
    this.#collection = options.db.collection<LeaseDocument>(options.collectionName ?? 'leases');
    this.#now = options.now ?? ((): Date => new Date());
  }

  /** Takes the lease, or renews it if this instance holds it. Answers whether it is held now. */
  async acquire(): Promise<boolean> {
    const now = this.#now();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    try {
      await this.#collection.updateOne(
        { _id: this.name, $or: [{ holder: this.holder }, { expiresAt: { $lte: now } }] },
        { $set: { holder: this.holder, expiresAt } },
        { upsert: true },
      );
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      this.#heldUntil = 0; // someone else holds a live lease: the upsert's insert met their document
      return false;
    }
    this.#heldUntil = expiresAt.getTime();
    return true;
  }

  /**
   * Holds the lease with the fewest writes: no write while more than half the ttl is left, else `acquire()`.
   * A holder that passes here every few hundred milliseconds renews about twice per ttl.
   */
  async hold(): Promise<boolean> {
    if (this.#heldUntil - this.#now().getTime() > this.ttlMs / 2) return true;
    return this.acquire();
  }

  /** Gives the lease up at once, so another instance need not wait for the ttl (a crash simply skips this). */
  async release(): Promise<void> {
    if (this.#heldUntil === 0) return;
    this.#heldUntil = 0;
    await this.#collection.deleteOne({ _id: this.name, holder: this.holder });
  }
}
// #endregion lease
