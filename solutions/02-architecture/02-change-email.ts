import type { PasswordHasher } from '../../chapters/02-architecture/application/ports/password-hasher.port.js';
import { Email } from '../../chapters/02-architecture/domain/email.value-object.js';
import type { PublicUser, User } from '../../chapters/02-architecture/domain/user.entity.js';
import { UserNotFoundError } from '../../chapters/02-architecture/domain/user.errors.js';
import { UnauthorizedError } from '../../chapters/02-architecture/errors/app-error.js';

/** The port this use case owns: the user store, with one atomic email update. */
export interface UserAccounts {
  findById(id: string): Promise<User | undefined>;
  /** Sets the email in one atomic step; rejects with `EmailTakenError` if another user has it. */
  updateEmail(userId: string, email: Email): Promise<void>;
}

/** Told after an email changed, so the old address hears about it (a stolen session cannot change it quietly). */
export interface EmailChangeNotifier {
  emailChanged(message: {
    readonly userId: string;
    readonly oldEmail: string;
    readonly newEmail: string;
  }): Promise<void>;
}

export interface ChangeEmailDeps {
  readonly accounts: UserAccounts;
  readonly hasher: PasswordHasher;
  readonly notifier: EmailChangeNotifier;
}

export interface ChangeEmailInput {
  readonly userId: string;
  readonly newEmail: string;
  /** The current password: changing the sign-in address needs fresh proof, not just a session. */
  readonly password: string;
}

export type ChangeEmail = (input: ChangeEmailInput) => Promise<PublicUser>;

/** Changes a user's email after checking their password; the repository's atomic update settles races. */
export function createChangeEmail(deps: ChangeEmailDeps): ChangeEmail {
  return async ({ userId, newEmail, password }) => {
    const email = Email.parse(newEmail); // cheap validation before any lookup or hash
    const user = await deps.accounts.findById(userId);
    if (!user) throw new UserNotFoundError(userId);
    if (!(await deps.hasher.verify(password, user.passwordHash))) {
      throw new UnauthorizedError('The password is incorrect; changing the email needs the current password');
    }
    if (user.email.equals(email)) return user.toPublic();
    await deps.accounts.updateEmail(user.id, email);
    await deps.notifier.emailChanged({ userId: user.id, oldEmail: user.email.value, newEmail: email.value });
    return user.withEmail(email).toPublic();
  };
}
