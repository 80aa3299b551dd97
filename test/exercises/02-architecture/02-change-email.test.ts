import { describe, expect, it, vi } from 'vitest';
import { ScryptPasswordHasher } from '../../../chapters/02-architecture/adapters/crypto/scrypt-password-hasher.js';
import { Email } from '../../../chapters/02-architecture/domain/email.value-object.js';
import { User } from '../../../chapters/02-architecture/domain/user.entity.js';
import { EmailTakenError, UserNotFoundError } from '../../../chapters/02-architecture/domain/user.errors.js';
import { UnauthorizedError, ValidationError } from '../../../chapters/02-architecture/errors/app-error.js';
import {
  createChangeEmail,
  type EmailChangeNotifier,
  type UserAccounts,
} from '#exercise/02-architecture/02-change-email';

const hasher = new ScryptPasswordHasher({ cost: 2 ** 10, blockSize: 8, parallelization: 1 });
const password = 'correct horse battery';

/** An in-memory UserAccounts whose updateEmail checks and sets in one synchronous step. */
class FakeAccounts implements UserAccounts {
  readonly users = new Map<string, User>();
  readonly updateEmail = vi.fn(async (userId: string, email: Email): Promise<void> => {
    for (const other of this.users.values()) {
      if (other.id !== userId && other.email.equals(email)) throw new EmailTakenError(email.value);
    }
    const user = this.users.get(userId);
    if (user) this.users.set(userId, user.withEmail(email));
  });
  readonly findById = vi.fn(async (id: string) => this.users.get(id));
}

async function setup() {
  const accounts = new FakeAccounts();
  const passwordHash = await hasher.hash(password);
  for (const [id, email] of [
    ['u1', 'ada@example.com'],
    ['u2', 'grace@example.com'],
  ] as const) {
    accounts.users.set(
      id,
      User.register({ id, name: id, email: Email.parse(email), passwordHash, createdAt: new Date(0) }),
    );
  }
  const notifier: EmailChangeNotifier & { emailChanged: ReturnType<typeof vi.fn> } = {
    emailChanged: vi.fn(async () => {}),
  };
  return { accounts, notifier, changeEmail: createChangeEmail({ accounts, hasher, notifier }) };
}

describe('02.2 changeEmail use case', () => {
  it('changes the email (normalised), stores it and tells the old address', async () => {
    const { accounts, notifier, changeEmail } = await setup();
    const user = await changeEmail({ userId: 'u1', newEmail: ' Ada@New.Example ', password });
    expect(user).toMatchObject({ id: 'u1', email: 'ada@new.example' });
    expect(user).not.toHaveProperty('passwordHash');
    expect(accounts.users.get('u1')?.email.value).toBe('ada@new.example');
    expect(notifier.emailChanged).toHaveBeenCalledWith({
      userId: 'u1',
      oldEmail: 'ada@example.com',
      newEmail: 'ada@new.example',
    });
  });

  it('rejects a wrong password with UnauthorizedError and changes nothing', async () => {
    const { accounts, notifier, changeEmail } = await setup();
    const attempt = changeEmail({ userId: 'u1', newEmail: 'x@example.com', password: 'wrong password' });
    await expect(attempt).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(attempt).rejects.toThrow(/password/i);
    expect(accounts.updateEmail).not.toHaveBeenCalled();
    expect(notifier.emailChanged).not.toHaveBeenCalled();
  });

  it('rejects an unknown user with UserNotFoundError', async () => {
    const { changeEmail } = await setup();
    await expect(changeEmail({ userId: 'nobody', newEmail: 'x@example.com', password })).rejects.toBeInstanceOf(
      UserNotFoundError,
    );
  });

  it('validates the new email before looking anything up', async () => {
    const { accounts, changeEmail } = await setup();
    await expect(changeEmail({ userId: 'u1', newEmail: 'not-an-email', password })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(accounts.findById).not.toHaveBeenCalled();
  });

  it('lets the repository decide a clash: EmailTakenError, no notification', async () => {
    const { notifier, changeEmail } = await setup();
    await expect(changeEmail({ userId: 'u1', newEmail: 'GRACE@example.com', password })).rejects.toBeInstanceOf(
      EmailTakenError,
    );
    expect(notifier.emailChanged).not.toHaveBeenCalled();
  });

  it('does nothing when the new email is the current one in another case', async () => {
    const { accounts, notifier, changeEmail } = await setup();
    await expect(changeEmail({ userId: 'u1', newEmail: 'ADA@example.com', password })).resolves.toMatchObject({
      email: 'ada@example.com',
    });
    expect(accounts.updateEmail).not.toHaveBeenCalled();
    expect(notifier.emailChanged).not.toHaveBeenCalled();
  });
});
