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
  return express.json({ limit });
}
// #endregion json-body
