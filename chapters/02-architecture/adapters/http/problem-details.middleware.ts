import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import {
  AppError,
  ClientRequestError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../errors/app-error.js';

/** An RFC 9457 problem document; extension members (`code`, `errors`, ...) sit beside the standard ones. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly code: string;
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** `type` URIs are `urn:workbook:problem:<code>`: stable identifiers, with no pretence of a web page behind them. */
export const PROBLEM_TYPE_PREFIX = 'urn:workbook:problem:';

export interface ProblemDetailsOptions {
  /** Called for every error that is not an `AppError` (a bug or an outage): log it here with its stack. */
  readonly onUnexpectedError?: (error: unknown, req: Request) => void;
}

/** Malformed JSON: a 400 with its own code, so clients can tell it from a schema failure. */
export class MalformedJsonError extends ValidationError {
  override readonly code = 'MALFORMED_JSON';
}

/**
 * Errors that libraries raise about the request itself become the model: body-parser's (inside `express.json`) carry
 * a `type`; the router's `URIError` for a path that does not decode, a zlib error for a body that is not the gzip it
 * claims, and any other error with a 4xx `status` keep that status. Only what is left is the server's fault.
 */
function fromLibrary(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, status, statusCode, expose, message } = error as {
    type?: unknown;
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
    message?: unknown;
  };
  if (type === 'entity.parse.failed') {
    return new MalformedJsonError(
      'The request body is not valid JSON',
      [{ field: '(body)', rule: 'json', message: 'the body is not valid JSON' }],
      { cause: error },
    );
  }
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: unknown }).limit;
    return new PayloadTooLargeError(typeof limit === 'number' ? limit : undefined, { cause: error });
  }
  if (type === 'charset.unsupported') {
    return new UnsupportedMediaTypeError(
      'UNSUPPORTED_CHARSET',
      "The request body's charset is not supported; send UTF-8",
      { cause: error },
    );
  }
  if (type === 'encoding.unsupported') {
    return new UnsupportedMediaTypeError(
      'UNSUPPORTED_CONTENT_ENCODING',
      "The request body's content-encoding is not supported; send identity, gzip, deflate or br",
      { cause: error },
    );
  }
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code > 499) return undefined;
  if (error instanceof URIError)
    return new ClientRequestError(code, 'The request path has a malformed percent-escape', { cause: error });
  const detail = expose === true && typeof message === 'string' ? message : 'The request could not be read';
  return new ClientRequestError(code, detail, { cause: error });
}

/** The problem document for any error. Unknown errors become a bare 500: their message and stack stay on the server. */
export function toProblem(
  error: unknown,
  instance?: string,
): { problem: ProblemDocument; headers: Record<string, string> } {
  const known = error instanceof AppError ? error : fromLibrary(error);
  if (!known) {
    return {
      problem: {
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        code: 'INTERNAL',
        ...(instance ? { instance } : {}),
      },
      headers: {},
    };
  }
  return {
    problem: {
      ...known.extensions(),
      type: `${PROBLEM_TYPE_PREFIX}${known.code.toLowerCase().replaceAll('_', '-')}`,
      title: known.title,
      status: known.status,
      detail: known.message,
      code: known.code,
      ...(instance ? { instance } : {}),
    },
    headers: known.headers(),
  };
}

// #region middleware
/**
 * The one place that turns errors into HTTP responses, as `application/problem+json` (RFC 9457).
 * Mount it last: `app.use(problemDetails())`.
 */
export function problemDetails(options: ProblemDetailsOptions = {}): ErrorRequestHandler {
  const onUnexpected = options.onUnexpectedError ?? ((error: unknown) => console.error('unexpected error', error));
  return (error: unknown, req, res, next) => {
    // Headers already sent (a stream failed half-way): only Express's default handler can end the connection.
    if (res.headersSent) return next(error);
    const { problem, headers } = toProblem(error, req.originalUrl);
    if (problem.status >= 500) onUnexpected(error, req);
    res.status(problem.status).set(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  };
}
// #endregion middleware

/** A 404 problem for any route nobody answered. Mount it after the routes, before `problemDetails()`. */
export function notFound(): RequestHandler {
  return (req, _res, next) => {
    next(new NotFoundError(`No route for ${req.method} ${req.path}`));
  };
}
