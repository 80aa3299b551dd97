import { randomUUID } from 'node:crypto';
import { Email } from '../domain/email.value-object.js';
import { checkPassword } from '../domain/password-policy.js';
import { User, type PublicUser } from '../domain/user.entity.js';
import type { Notifier } from './ports/notifier.port.js';
import type { Outbox } from './ports/outbox.port.js';
import type { PasswordHasher } from './ports/password-hasher.port.js';
import type { UserRepository } from './ports/user.repository.port.js';

/** What the use case needs; the composition root supplies adapters, tests supply fakes. */
export interface RegisterUserDeps {
  readonly users: UserRepository;
  readonly hasher: PasswordHasher;
  readonly notifier: Notifier;
  readonly outbox: Outbox;
  readonly newId?: () => string;
  readonly now?: () => Date;
}

/** Input after the HTTP layer has checked its shape; the domain still checks the values. */
export interface RegisterUserInput {
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

export interface RegistrationResult {
  readonly user: PublicUser;
  /** `sent` when the welcome email went out; `queued` when it failed and was recorded for a retry. */
  readonly welcome: 'sent' | 'queued';
}

export type RegisterUser = (input: RegisterUserInput) => Promise<RegistrationResult>;

// #region use-case
/**
 * Registers a user: validate, hash, insert atomically, then welcome them. A failed welcome email does not undo the
 * registration; it goes to the outbox for a retry.
 *
 * @example
 * const registerUser = createRegisterUser({ users, hasher, notifier, outbox });
 * const { user } = await registerUser({ name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' });
 */
export function createRegisterUser(deps: RegisterUserDeps): RegisterUser {
  const newId = deps.newId ?? randomUUID;
  const now = deps.now ?? ((): Date => new Date());

  return async function registerUser(input) {
    // Cheap checks first, so invalid input never pays for a password hash.
    const email = Email.parse(input.email);
    User.checkName(input.name);
    checkPassword(input.password);
    const passwordHash = await deps.hasher.hash(input.password);
    const user = User.register({ id: newId(), name: input.name, email, passwordHash, createdAt: now() });

    // No "find by email, then insert": the repository's insert is the check (a unique index), so two concurrent
    // requests cannot both pass it. The loser gets EmailTakenError, which the HTTP layer maps to 409.
    await deps.users.insert(user);

    const message = { userId: user.id, name: user.name, email: user.email.value };
    try {
      await deps.notifier.sendWelcome(message);
      return { user: user.toPublic(), welcome: 'sent' };
    } catch (error) {
      const at = now();
      // If this enqueue fails too, the error propagates: a lost email must be loud, never silent.
      await deps.outbox.enqueue({
        id: newId(),
        kind: 'welcome-email',
        payload: message,
        attempts: 1,
        lastError: error instanceof Error ? error.message : String(error),
        availableAt: at,
        createdAt: at,
      });
      return { user: user.toPublic(), welcome: 'queued' };
    }
  };
}
// #endregion use-case
