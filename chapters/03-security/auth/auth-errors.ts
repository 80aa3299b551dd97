import { ForbiddenError, UnauthorizedError } from '../../02-architecture/errors/app-error.js';

/** The realm every challenge names; clients show it, nothing else depends on it. */
export const AUTH_REALM = 'workbook';

// RFC 6750 section 3: error_description may only hold printable ASCII without `"` and `\`.
function quotable(text: string): string {
  return text.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, ' ');
}

/**
 * The `WWW-Authenticate` value of a Bearer challenge (RFC 6750 section 3).
 *
 * @example
 * bearerChallenge('invalid_token', 'the token expired'); // 'Bearer realm="workbook", error="invalid_token", ...'
 */
export function bearerChallenge(error?: 'invalid_token' | 'insufficient_scope', description?: string): string {
  let value = `Bearer realm="${AUTH_REALM}"`;
  if (error) value += `, error="${error}"`;
  if (error && description) value += `, error_description="${quotable(description)}"`;
  return value;
}

/** 401 without an error code: the request carried no Bearer credentials at all (RFC 6750 section 3.1). */
export class MissingCredentialsError extends UnauthorizedError {
  override readonly code = 'MISSING_CREDENTIALS';

  constructor(message = 'This route needs an access token: send Authorization: Bearer <token>') {
    super(message);
  }

  override headers(): Record<string, string> {
    return { 'WWW-Authenticate': bearerChallenge() };
  }
}

/** 401 `invalid_token`: malformed, badly signed, expired, not yet valid, wrong audience/issuer/type, or revoked. */
export class InvalidTokenError extends UnauthorizedError {
  override readonly code = 'INVALID_TOKEN';

  constructor(
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`The token was refused: ${reason}. Sign in again or refresh the access token.`, options);
  }

  override headers(): Record<string, string> {
    return { 'WWW-Authenticate': bearerChallenge('invalid_token', this.reason) };
  }
}

/** 401 at sign-in. One message for an unknown email and a wrong password, so accounts cannot be enumerated. */
export class InvalidCredentialsError extends UnauthorizedError {
  override readonly code = 'INVALID_CREDENTIALS';

  constructor() {
    super('The email or password is wrong');
  }

  override headers(): Record<string, string> {
    return { 'WWW-Authenticate': bearerChallenge() };
  }
}

/** 401 when an already-used refresh token comes back: the whole family has just been revoked. */
export class RefreshTokenReusedError extends InvalidTokenError {
  constructor() {
    super('the refresh token was already used, so every token of this session is now revoked');
  }
}

/** 403: the caller is known, and none of their roles allows this. */
export class InsufficientRoleError extends ForbiddenError {
  override readonly code = 'INSUFFICIENT_ROLE';

  constructor(readonly required: readonly string[]) {
    super(`This route needs one of the roles: ${required.join(', ')}`);
  }

  override extensions(): Record<string, unknown> {
    return { requiredRoles: this.required };
  }
}
