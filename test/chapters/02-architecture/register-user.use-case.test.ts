import { describe, expect, it, vi } from 'vitest';
import { RecordingNotifier } from '../../../chapters/02-architecture/adapters/notifications/recording-notifier.js';
import { InMemoryOutbox } from '../../../chapters/02-architecture/adapters/outbox/in-memory-outbox.js';
import { InMemoryUserRepository } from '../../../chapters/02-architecture/adapters/persistence/in-memory-user.repository.js';
import { createRegisterUser } from '../../../chapters/02-architecture/application/register-user.use-case.js';
import { Email } from '../../../chapters/02-architecture/domain/email.value-object.js';
import { EmailTakenError } from '../../../chapters/02-architecture/domain/user.errors.js';
import { ValidationError } from '../../../chapters/02-architecture/errors/app-error.js';
import { fastHasher } from './support/fakes.js';

function setup() {
  const users = new InMemoryUserRepository();
  const hasher = fastHasher();
  const notifier = new RecordingNotifier();
  const outbox = new InMemoryOutbox();
  let n = 0;
  const registerUser = createRegisterUser({
    users,
    hasher,
    notifier,
    outbox,
    newId: () => `id-${++n}`,
    now: () => new Date('2025-01-02T03:04:05.000Z'),
  });
  return { users, hasher, notifier, outbox, registerUser };
}

const ada = { name: ' Ada Lovelace ', email: 'Ada@Example.com', password: 'correct horse battery' };

describe('registerUser use case', () => {
  it('stores the user with a normalised email and a hash that verifies, and returns no secret', async () => {
    const { users, hasher, registerUser } = setup();
    const result = await registerUser(ada);

    expect(result).toEqual({
      user: {
        id: 'id-1',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        createdAt: new Date('2025-01-02T03:04:05.000Z'),
      },
      welcome: 'sent',
    });
    const stored = await users.findByEmail(Email.parse('ada@example.com'));
    expect(stored?.passwordHash).not.toContain(ada.password);
    await expect(hasher.verify(ada.password, stored?.passwordHash ?? '')).resolves.toBe(true);
  });

  it('sends the welcome email to the normalised address', async () => {
    const { notifier, registerUser } = setup();
    await registerUser(ada);
    expect(notifier.sent).toEqual([{ userId: 'id-1', name: 'Ada Lovelace', email: 'ada@example.com' }]);
  });

  it('rejects a second registration of the same email in another letter case with EmailTakenError', async () => {
    const { users, registerUser } = setup();
    await registerUser(ada);
    await expect(registerUser({ ...ada, email: 'ADA@example.COM' })).rejects.toBeInstanceOf(EmailTakenError);
    expect(users.size).toBe(1);
  });

  it('lets exactly one of two concurrent registrations with the same email win', async () => {
    const { users, registerUser } = setup();
    const outcomes = await Promise.allSettled([registerUser(ada), registerUser({ ...ada, email: 'ada@EXAMPLE.com' })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: expect.any(EmailTakenError) });
    expect(users.size).toBe(1);
  });

  it('still registers when the welcome email fails, and queues it for a retry with the error', async () => {
    const { users, notifier, outbox, registerUser } = setup();
    notifier.failWith(new Error('SMTP 421 try again later'));

    const result = await registerUser(ada);

    expect(result.welcome).toBe('queued');
    expect(users.size).toBe(1);
    expect(await outbox.pending()).toEqual([
      expect.objectContaining({
        kind: 'welcome-email',
        payload: { userId: 'id-1', name: 'Ada Lovelace', email: 'ada@example.com' },
        attempts: 1,
        lastError: 'SMTP 421 try again later',
      }),
    ]);
  });

  it('does not hash the password when the input is invalid', async () => {
    const { hasher, registerUser } = setup();
    const hash = vi.spyOn(hasher, 'hash');
    await expect(registerUser({ ...ada, email: 'not-an-email' })).rejects.toBeInstanceOf(ValidationError);
    await expect(registerUser({ ...ada, name: '   ' })).rejects.toMatchObject({
      fields: [{ field: 'name', rule: 'required' }],
    });
    await expect(registerUser({ ...ada, password: 'short' })).rejects.toMatchObject({
      fields: [{ field: 'password', rule: 'min_length' }],
    });
    expect(hash).not.toHaveBeenCalled();
  });

  it('lets an outbox failure propagate instead of losing the email silently', async () => {
    const { notifier, outbox, registerUser } = setup();
    notifier.failWith(new Error('SMTP down'));
    vi.spyOn(outbox, 'enqueue').mockRejectedValue(new Error('outbox unavailable'));
    await expect(registerUser(ada)).rejects.toThrow('outbox unavailable');
  });
});
