import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryRefreshTokenStore } from '../../../chapters/03-security/auth/in-memory-refresh-token.store.js';
import { MongoRefreshTokenStore } from '../../../chapters/03-security/auth/mongo-refresh-token.store.js';
import {
  hashRefreshToken,
  type RefreshTokenRecord,
  type RefreshTokenStore,
} from '../../../chapters/03-security/auth/refresh-token.store.port.js';
import { sharedMongo, uniqueDbName } from '../../support/mongo.js';

interface Target {
  readonly name: string;
  open(): Promise<{ store: RefreshTokenStore; close(): Promise<void> }>;
}

const targets: Target[] = [
  { name: 'in-memory store', open: async () => ({ store: new InMemoryRefreshTokenStore(), close: async () => {} }) },
  {
    name: `MongoDB store (${sharedMongo().provider})`,
    open: async () => {
      const client = await MongoClient.connect(sharedMongo().uri, { serverSelectionTimeoutMS: 5_000 });
      const db = client.db(uniqueDbName('refresh_tokens'));
      const store = await MongoRefreshTokenStore.create(db, { refreshTtlSeconds: 3600 });
      return {
        store,
        close: async () => {
          await db.dropDatabase();
          await client.close();
        },
      };
    },
  },
];

let counter = 0;
function record(familyId = 'fam-1'): RefreshTokenRecord {
  counter += 1;
  return {
    tokenHash: hashRefreshToken(`token-${counter}`),
    familyId,
    userId: 'u1',
    expiresAt: new Date(Date.now() + 3_600_000),
    createdAt: new Date(),
  };
}

describe.each(targets)('refresh-token store contract: $name', (target) => {
  let store: RefreshTokenStore;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await target.open());
  });
  afterAll(async () => close());

  it('consumes a saved token once, then reports it as reused', async () => {
    const saved = record();
    await store.save(saved);
    expect(await store.consume(saved.tokenHash, new Date())).toEqual({ kind: 'consumed', record: saved });
    expect(await store.consume(saved.tokenHash, new Date())).toMatchObject({
      kind: 'reused',
      record: { familyId: saved.familyId },
    });
  });

  it('reports a token it never saw as unknown', async () => {
    expect(await store.consume(hashRefreshToken('never issued'), new Date())).toEqual({ kind: 'unknown' });
  });

  it('gives exactly one of 20 concurrent consumers the token', async () => {
    const saved = record();
    await store.save(saved);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => store.consume(saved.tokenHash, new Date())));
    expect(outcomes.filter((o) => o.kind === 'consumed')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'reused')).toHaveLength(19);
  });

  it('revokes a family idempotently and only that family', async () => {
    await store.revokeFamily('fam-revoked', new Date());
    await store.revokeFamily('fam-revoked', new Date());
    expect(await store.isFamilyRevoked('fam-revoked')).toBe(true);
    expect(await store.isFamilyRevoked('fam-live')).toBe(false);
  });
});
