import type { PasswordHasher } from '../../chapters/02-architecture/application/ports/password-hasher.port.js';
import type { Email } from '../../chapters/02-architecture/domain/email.value-object.js';
import type { PublicUser, User } from '../../chapters/02-architecture/domain/user.entity.js';
import { TodoError } from '../../workbook/todo-error.js';

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

// TODO(02.2): return the use case. What it must do, by outcome:
// - newEmail is not a valid address: the chapter's ValidationError, before any user is looked up;
// - no user with userId: UserNotFoundError (domain/user.errors.ts);
// - password does not match the user's: UnauthorizedError (errors/app-error.ts) whose message mentions the password;
//   nothing stored, nobody notified;
// - newEmail is the current address once normalised (`ADA@example.com` for `ada@example.com`): the user's public
//   view, unchanged; nothing stored, nobody notified;
// - another user has that address: the store's EmailTakenError, nobody notified. The store's atomic update is the
//   only judge of a clash (a separate "is it taken?" look-up would race);
// - otherwise: the new, normalised address is stored, the notifier is told { userId, oldEmail, newEmail } after the
//   store succeeded, and the result is the user's public view with the new address.
export function createChangeEmail(_deps: ChangeEmailDeps): ChangeEmail {
  throw new TodoError('02.2');
}
