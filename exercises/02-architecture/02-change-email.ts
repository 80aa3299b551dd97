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
  emailChanged(message: { readonly userId: string; readonly oldEmail: string; readonly newEmail: string }): Promise<void>;
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

// TODO(02.2): return the use case, written like the story of the request (see register-user.use-case.ts):
// 1. Email.parse(newEmail) first (a ValidationError before any lookup);
// 2. find the user, else UserNotFoundError (domain/user.errors.ts);
// 3. hasher.verify(password, user.passwordHash), else UnauthorizedError (errors/app-error.ts);
// 4. same email as now: return the user unchanged, with no update and no notification;
// 5. accounts.updateEmail (let EmailTakenError through: no "find by email" check first),
//    then notifier.emailChanged with the old and new address, and return user.withEmail(email).toPublic().
export function createChangeEmail(_deps: ChangeEmailDeps): ChangeEmail {
  throw new TodoError('02.2');
}
