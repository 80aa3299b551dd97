import { MongoServerError, type Db } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../chapters/02-architecture/errors/app-error.js';
import { uniqueDbName, useLiveDb } from '../../support/mongo.js';
import {
  AlreadyMemberError,
  type Membership,
  MongoMembershipRepository,
} from '#exercise/02-architecture/09-mongo-memberships';

// The names the stub promises, spelled out: a repository that used others would pass with its own constants.
const MEMBERSHIPS_COLLECTION = 'memberships';
const MEMBERSHIP_INDEX = 'workspace_email_unique';

// The run's MongoDB: MONGODB_URI when set, else what the provider chain started (the embedded engine in CI).
const live = useLiveDb('ex02_9');
const opened: Db[] = [];

/** A database of this test's own, so every test starts without the collection or its index. */
function freshDb(): Db {
  const db = live().client.db(uniqueDbName('ex02_9'));
  opened.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.dropDatabase()));
});

async function readyRepository(db = freshDb()): Promise<MongoMembershipRepository> {
  const repository = new MongoMembershipRepository(db);
  await repository.ensureIndexes();
  return repository;
}

const ada = (over: Partial<Membership> = {}): Membership => ({
  id: 'm-1',
  workspaceId: 'w-acme',
  email: 'ada@example.com',
  role: 'owner',
  ...over,
});

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('add() should have rejected'),
    (error: unknown) => error,
  );
}

describe('02.9 a MongoDB membership repository', () => {
  it('ensureIndexes() creates the unique index on workspace and email', async () => {
    const db = freshDb();
    await new MongoMembershipRepository(db).ensureIndexes();

    const indexes = await db.collection(MEMBERSHIPS_COLLECTION).listIndexes().toArray();
    const index = indexes.find((i) => i.name === MEMBERSHIP_INDEX);

    expect(index?.key).toEqual({ workspaceId: 1, email: 1 });
    expect(index?.unique).toBe(true);
  });

  it('ensureIndexes() can run again, from the same or another instance, and keeps one index', async () => {
    const db = freshDb();
    const first = new MongoMembershipRepository(db);
    await first.ensureIndexes();
    await first.ensureIndexes();
    await new MongoMembershipRepository(db).ensureIndexes();

    const names = (await db.collection(MEMBERSHIPS_COLLECTION).listIndexes().toArray()).map((i) => i.name);
    expect(names.sort()).toEqual(['_id_', MEMBERSHIP_INDEX].sort());
  });

  it('stores a membership under its id, and find() returns it with the fields of Membership', async () => {
    const db = freshDb();
    const repository = await readyRepository(db);

    await repository.add(ada());

    expect(await repository.find('w-acme', 'ada@example.com')).toEqual(ada());
    expect(await db.collection<{ _id: string }>(MEMBERSHIPS_COLLECTION).countDocuments({ _id: 'm-1' })).toBe(1);
  });

  it('find() resolves to undefined for an email that is not a member of that workspace', async () => {
    const repository = await readyRepository();
    await repository.add(ada());

    expect(await repository.find('w-acme', 'grace@example.com')).toBeUndefined();
    expect(await repository.find('w-other', 'ada@example.com')).toBeUndefined();
  });

  it('lets one email be a member of two workspaces', async () => {
    const repository = await readyRepository();
    const second = ada({ id: 'm-2', workspaceId: 'w-globex', role: 'member' });

    await repository.add(ada());
    await repository.add(second);

    expect(await repository.find('w-globex', 'ada@example.com')).toEqual(second);
  });

  it('turns a second membership of one email in one workspace into AlreadyMemberError, a 409', async () => {
    const db = freshDb();
    const repository = await readyRepository(db);
    await repository.add(ada());

    const error = await failureOf(repository.add(ada({ id: 'm-2', role: 'member' })));

    expect(error).toBeInstanceOf(AlreadyMemberError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, code: 'ALREADY_MEMBER' });
    expect(error).toMatchObject({ workspaceId: 'w-acme', email: 'ada@example.com' });
    expect((error as Error).message).toContain('ada@example.com is already a member of workspace w-acme');
    expect((error as Error).cause).toBeInstanceOf(MongoServerError);
    expect(((error as Error).cause as MongoServerError).code).toBe(11000);
    expect(await db.collection(MEMBERSHIPS_COLLECTION).countDocuments()).toBe(1);
    expect((await repository.find('w-acme', 'ada@example.com'))?.role).toBe('owner');
  });

  it('lets exactly one of two racing adds of the same membership win', async () => {
    const db = freshDb();
    const repository = await readyRepository(db);
    // Open several connections first, so the two adds run side by side on connections of their own.
    await Promise.all(Array.from({ length: 4 }, () => db.command({ ping: 1 })));

    const outcomes = await Promise.allSettled([
      repository.add(ada({ id: 'm-1' })),
      repository.add(ada({ id: 'm-2', role: 'member' })),
    ]);

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toBeInstanceOf(AlreadyMemberError);
    expect(await db.collection(MEMBERSHIPS_COLLECTION).countDocuments({ workspaceId: 'w-acme' })).toBe(1);
  });

  it('rethrows a duplicate id as the driver error, not as a conflict', async () => {
    const repository = await readyRepository();
    await repository.add(ada());

    const error = await failureOf(repository.add(ada({ email: 'grace@example.com' })));

    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).not.toBeInstanceOf(ConflictError);
    expect((error as MongoServerError).code).toBe(11000);
  });
});
