import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Email } from '../../../chapters/02-architecture/domain/email.value-object.js';
import { User } from '../../../chapters/02-architecture/domain/user.entity.js';
import { EmailTakenError } from '../../../chapters/02-architecture/domain/user.errors.js';
import { repositoryTargets, type LiveRepository } from './support/repositories.js';

function user(id: string, email: string): User {
  return User.register({
    id,
    name: `User ${id}`,
    email: Email.parse(email),
    passwordHash: '$scrypt$hash',
    createdAt: new Date('2025-03-01T00:00:00.000Z'),
  });
}

// One contract, every adapter: the use case may rely only on what holds for all of them.
describe.each(repositoryTargets())('UserRepository contract: $name', (target) => {
  let live: LiveRepository;
  beforeEach(async () => {
    live = await target.open('repo_contract');
  });
  afterEach(async () => {
    await live.close();
  });

  it('finds an inserted user by id and by email, with every field intact', async () => {
    await live.users.insert(user('u1', 'ada@example.com'));
    for (const found of [
      await live.users.findById('u1'),
      await live.users.findByEmail(Email.parse('ADA@example.com')),
    ]) {
      expect(found?.toPublic()).toEqual({
        id: 'u1',
        name: 'User u1',
        email: 'ada@example.com',
        createdAt: new Date('2025-03-01T00:00:00.000Z'),
      });
      expect(found?.passwordHash).toBe('$scrypt$hash');
    }
  });

  it('returns undefined for an unknown id or email', async () => {
    await expect(live.users.findById('nobody')).resolves.toBeUndefined();
    await expect(live.users.findByEmail(Email.parse('nobody@example.com'))).resolves.toBeUndefined();
  });

  it('rejects a second user with the same email with EmailTakenError and keeps the first', async () => {
    await live.users.insert(user('u1', 'ada@example.com'));
    await expect(live.users.insert(user('u2', 'Ada@Example.com'))).rejects.toBeInstanceOf(EmailTakenError);
    expect(await live.count()).toBe(1);
    expect((await live.users.findByEmail(Email.parse('ada@example.com')))?.id).toBe('u1');
  });

  it('lets exactly one of many concurrent inserts with the same email succeed', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => live.users.insert(user(`u${i}`, 'race@example.com'))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof EmailTakenError)).toHaveLength(7);
    expect(await live.count()).toBe(1);
  });

  it('does not report a duplicate id as an email conflict', async () => {
    await live.users.insert(user('same-id', 'one@example.com'));
    const second = live.users.insert(user('same-id', 'two@example.com'));
    await expect(second).rejects.toThrow();
    await expect(second).rejects.not.toBeInstanceOf(EmailTakenError);
  });
});
