import type { Collection, Db } from 'mongodb';
import type { ConsumeOutcome, RefreshTokenRecord, RefreshTokenStore } from './refresh-token.store.port.js';

/** Stored token: `_id` is the token's SHA-256, so a lookup is one primary-key read. */
export interface RefreshTokenDocument {
  _id: string;
  familyId: string;
  userId: string;
  expiresAt: Date;
  createdAt: Date;
  usedAt: Date | null;
}

/** A revoked family; kept until its last token would have expired. */
export interface RevokedFamilyDocument {
  _id: string;
  revokedAt: Date;
  expiresAt: Date;
}

export const REFRESH_TOKENS_COLLECTION = 'refresh_tokens';
export const REVOKED_FAMILIES_COLLECTION = 'revoked_token_families';

function toRecord(doc: RefreshTokenDocument): RefreshTokenRecord {
  return {
    tokenHash: doc._id,
    familyId: doc.familyId,
    userId: doc.userId,
    expiresAt: doc.expiresAt,
    createdAt: doc.createdAt,
  };
}

/**
 * Refresh tokens in MongoDB. TTL indexes delete expired tokens and revocations, so the collections do not grow
 * forever. `consume` is one conditional `findOneAndUpdate`: the server, not the app, decides who used a token first.
 *
 * @example
 * const store = await MongoRefreshTokenStore.create(client.db('app'), { refreshTtlSeconds: 14 * 86_400 });
 */
export class MongoRefreshTokenStore implements RefreshTokenStore {
  private constructor(
    readonly tokens: Collection<RefreshTokenDocument>,
    readonly revoked: Collection<RevokedFamilyDocument>,
    private readonly refreshTtlSeconds: number,
  ) {}

  /** Opens the collections and creates the indexes (idempotent). */
  static async create(db: Db, options: { refreshTtlSeconds: number }): Promise<MongoRefreshTokenStore> {
    const tokens = db.collection<RefreshTokenDocument>(REFRESH_TOKENS_COLLECTION);
    const revoked = db.collection<RevokedFamilyDocument>(REVOKED_FAMILIES_COLLECTION);
    await tokens.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'expires_ttl' });
    await tokens.createIndex({ familyId: 1 }, { name: 'family' });
    await revoked.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'expires_ttl' });
    return new MongoRefreshTokenStore(tokens, revoked, options.refreshTtlSeconds);
  }

  async save(record: RefreshTokenRecord): Promise<void> {
    await this.tokens.insertOne({
      _id: record.tokenHash,
      familyId: record.familyId,
      userId: record.userId,
      expiresAt: record.expiresAt,
      createdAt: record.createdAt,
      usedAt: null,
    });
  }

  // #region consume
  async consume(tokenHash: string, at: Date): Promise<ConsumeOutcome> {
    // Matches only while unused; the first caller flips usedAt and gets the document, every later one gets null.
    const before = await this.tokens.findOneAndUpdate(
      { _id: tokenHash, usedAt: null },
      { $set: { usedAt: at } },
      { returnDocument: 'before' },
    );
    if (before) return { kind: 'consumed', record: toRecord(before) };
    const existing = await this.tokens.findOne({ _id: tokenHash });
    return existing ? { kind: 'reused', record: toRecord(existing) } : { kind: 'unknown' };
  }
  // #endregion consume

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    const expiresAt = new Date(at.getTime() + this.refreshTtlSeconds * 1000);
    await this.revoked.updateOne({ _id: familyId }, { $set: { revokedAt: at, expiresAt } }, { upsert: true });
  }

  async isFamilyRevoked(familyId: string): Promise<boolean> {
    return (await this.revoked.findOne({ _id: familyId }, { projection: { _id: 1 } })) !== null;
  }
}
