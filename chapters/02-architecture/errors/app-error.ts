/**
 * The workbook's HTTP error model: every error a client may see is an `AppError` with a stable `code` (for
 * programs), an HTTP `status`, a short `title` and a `message` that says what was wrong and what is allowed.
 * Only the problem-details middleware turns them into responses; nothing else decides a status code.
 * Chapters 3 and 5 and the capstone import this module.
 */
import { CodedError } from '../../../platform/errors/coded-error.js';

/** One broken rule on one field: `{ field: 'email', rule: 'max_length', message: '...' }`. */
export interface FieldIssue {
  /** Dotted path into the request body; `(body)` when the body as a whole is wrong. */
  readonly field: string;
  /** A stable name for the rule, e.g. `required`, `max_length`, `format`, or a zod issue code. */
  readonly rule: string;
  readonly message: string;
}

/**
 * Base class of the errors a client may see: the `code`, `name` and optional `cause` of the workbook's one error root
 * (`CodedError`), plus an HTTP `status` and a `title` for the problem document.
 */
export abstract class AppError extends CodedError {
  abstract readonly status: number;
  abstract readonly title: string;

  /** Extra members for the problem document (RFC 9457 extensions). Subclasses add theirs. */
  extensions(): Record<string, unknown> {
    return {};
  }

  /** Response headers this error needs, e.g. `Retry-After` or `WWW-Authenticate`. */
  headers(): Record<string, string> {
    return {};
  }
}

/** 400: the request broke one or more rules; `fields` names each one. */
export class ValidationError extends AppError {
  readonly code: string = 'VALIDATION_FAILED';
  readonly status = 400;
  readonly title = 'The request is not valid';

  constructor(
    message: string,
    readonly fields: readonly FieldIssue[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** A validation error about one field. */
  static forField(field: string, rule: string, message: string): ValidationError {
    return new ValidationError(message, [{ field, rule, message }]);
  }

  override extensions(): Record<string, unknown> {
    return { errors: this.fields };
  }
}

/** 401: no credentials, or credentials that do not prove who the caller is. */
export class UnauthorizedError extends AppError {
  readonly code: string = 'UNAUTHORIZED';
  readonly status = 401;
  readonly title = 'Authentication is required';
}

/** 403: the caller is known and is not allowed to do this. */
export class ForbiddenError extends AppError {
  readonly code: string = 'FORBIDDEN';
  readonly status = 403;
  readonly title = 'Not allowed';
}

/** 404: the resource does not exist (or the caller may not know that it does). */
export class NotFoundError extends AppError {
  readonly code: string = 'NOT_FOUND';
  readonly status = 404;
  readonly title = 'Not found';
}

/** 409: the request clashes with the current state, e.g. a unique value already taken. */
export class ConflictError extends AppError {
  readonly code: string = 'CONFLICT';
  readonly status = 409;
  readonly title = 'Conflict with the current state';
}

/** 413: the body is larger than the server accepts. */
export class PayloadTooLargeError extends AppError {
  readonly code: string = 'PAYLOAD_TOO_LARGE';
  readonly status = 413;
  readonly title = 'Request body too large';

  constructor(
    readonly limitBytes: number | undefined,
    options?: ErrorOptions,
  ) {
    super(
      limitBytes === undefined
        ? 'The request body is larger than this server accepts'
        : `The request body is larger than the ${limitBytes}-byte limit`,
      options,
    );
  }

  override extensions(): Record<string, unknown> {
    return this.limitBytes === undefined ? {} : { limitBytes: this.limitBytes };
  }
}

/** 415: the body is in a charset or content-encoding the server cannot read. */
export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly title = 'Unsupported media type';

  constructor(
    readonly code: 'UNSUPPORTED_CHARSET' | 'UNSUPPORTED_CONTENT_ENCODING' | 'UNSUPPORTED_MEDIA_TYPE',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Any other 4xx a library raised about the request (a body that is not the gzip it claims, a path that does not
 * decode): the client's mistake keeps its status, so it never counts as a server error.
 */
export class ClientRequestError extends AppError {
  readonly code: string;
  readonly title: string;

  constructor(
    readonly status: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    const reason = STATUS_TEXT[status] ?? 'Bad Request';
    this.title = reason;
    this.code = reason.toUpperCase().replace(/[^A-Z]+/g, '_');
  }
}

// The few 4xx statuses a library raises about a request; others read as a plain Bad Request.
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  408: 'Request Timeout',
  411: 'Length Required',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};

/** 503: a dependency (database, broker) is down; the client may retry later. */
export class ServiceUnavailableError extends AppError {
  readonly code: string = 'SERVICE_UNAVAILABLE';
  readonly status = 503;
  readonly title = 'Service temporarily unavailable';

  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  override headers(): Record<string, string> {
    return this.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(this.retryAfterSeconds) };
  }
}
