import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '../../errors/app-error.js';

/** The largest JSON body accepted unless the app says otherwise: a registration is well under 1 kB. */
export const DEFAULT_BODY_LIMIT = '16kb';

// #region json-body
/**
 * Parses JSON request bodies up to `limit`. Its failures are the client's (malformed JSON, too large, an unknown
 * charset or content-encoding) and `problemDetails()` maps each to its 4xx problem, so mount both in the same app.
 * A non-empty body of any other content type is refused with a 415: left unparsed, it would reach the route as no
 * body at all, and the client would be told a body is missing that it did send.
 *
 * @example
 * app.use(jsonBody('16kb'));
 */
export function jsonBody(limit: string | number = DEFAULT_BODY_LIMIT): RequestHandler {
  const parse = express.json({ limit });
  // The parser would skip a request without a body too, but only after work of its own on every GET; skip it first.
  return (req, res, next) => {
    if (!hasBody(req)) next();
    else if (req.is('application/json')) parse(req, res, next);
    else if (req.headers['content-length'] === '0') next();
    else
      next(
        new UnsupportedMediaTypeError(
          'UNSUPPORTED_MEDIA_TYPE',
          'The request body must be JSON: send it with content-type: application/json',
        ),
      );
  };
}

/** The test the parser applies (type-is `hasBody`): a body is announced by `Transfer-Encoding` or `Content-Length`. */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length']));
}
// #endregion json-body
