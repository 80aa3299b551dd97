import type { ErrorRequestHandler } from 'express';
import { MongoNetworkError, MongoOperationTimeoutError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { ServiceUnavailableError } from '../../chapters/02-architecture/errors/app-error.js';

/**
 * Server error codes that mean "the database cannot serve this now" rather than "this request is wrong":
 * time limits, shutdowns, elections, unreachable hosts.
 */
const UNAVAILABLE_CODES = new Set([6, 7, 50, 89, 91, 189, 262, 10107, 11600, 11602, 13435]);

/** 503 with `Retry-After`: the database did not answer in time or could not be reached. */
export class DatabaseUnavailableError extends ServiceUnavailableError {
  override readonly code = 'DATABASE_UNAVAILABLE';
}

function isUnavailable(error: unknown): boolean {
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError || // includes MongoNetworkTimeoutError (socketTimeoutMS) and pool-cleared errors
    error instanceof MongoOperationTimeoutError ||
    (error instanceof MongoServerError && typeof error.code === 'number' && UNAVAILABLE_CODES.has(error.code))
  );
}

/** The 503 for a driver timeout or network error, looked for along the `cause` chain (use cases may wrap it). */
export function databaseUnavailable(error: unknown): DatabaseUnavailableError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (isUnavailable(current)) {
      return new DatabaseUnavailableError('The database did not answer in time; try again shortly', 1, {
        cause: error,
      });
    }
    current = current.cause;
  }
  return undefined;
}

/**
 * Express error middleware placed before the problem-details handler: a database outage becomes a 503 problem the
 * client may retry, instead of a 500 that says "bug". Every other error passes through unchanged.
 */
export function databaseOutageAs503(): ErrorRequestHandler {
  return (error: unknown, _req, _res, next) => {
    next(databaseUnavailable(error) ?? error);
  };
}
