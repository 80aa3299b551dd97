import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';

/** The largest JSON body accepted unless the app says otherwise: a registration is well under 1 kB. */
export const DEFAULT_BODY_LIMIT = '16kb';

// #region json-body
/**
 * Parses JSON request bodies up to `limit`. Its failures are the client's (malformed JSON, too large, an unknown
 * charset or content-encoding) and `problemDetails()` maps each to its 4xx problem, so mount both in the same app.
 *
 * @example
 * app.use(jsonBody('16kb'));
 */
export function jsonBody(limit: string | number = DEFAULT_BODY_LIMIT): RequestHandler {
  const parse = express.json({ limit });
  // The parser would skip a request without a body too, but only after work of its own on every GET; skip it first.
  return (req, res, next) => {
    if (hasBody(req)) parse(req, res, next);
    else next();
  };
}

/** The test the parser applies (type-is `hasBody`): a body is announced by `Transfer-Encoding` or `Content-Length`. */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length']));
}
// #endregion json-body
