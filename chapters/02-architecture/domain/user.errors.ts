import { ConflictError, NotFoundError } from '../errors/app-error.js';

/** 409: another account already uses this email (compared after normalisation). */
export class EmailTakenError extends ConflictError {
  override readonly code = 'EMAIL_TAKEN';

  constructor(
    readonly email: string,
    options?: ErrorOptions,
  ) {
    super(`An account with the email ${email} already exists; sign in or use another email`, options);
  }
}

/** 404: no user has this id. */
export class UserNotFoundError extends NotFoundError {
  override readonly code = 'USER_NOT_FOUND';

  constructor(
    readonly userId: string,
    options?: ErrorOptions,
  ) {
    super(`No user has the id ${userId}`, options);
  }
}
