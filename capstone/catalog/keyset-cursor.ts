import { ValidationError } from '../../chapters/02-architecture/errors/app-error.js';

/**
 * The `after` cursor of the products list: the last name of the previous page, opaque to clients (base64url of its
 * JSON), so the key can change later without breaking a client that only passes `next` back.
 */
export function encodeCursor(lastName: string): string {
  return Buffer.from(JSON.stringify(lastName), 'utf8').toString('base64url');
}

/** The name a cursor carries, or a 400 on the `after` field: a client must not get a 500 for a bad cursor. */
export function decodeCursor(cursor: string): string {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string')
    throw ValidationError.forField('after', 'cursor', 'after must be the `next` value of a previous page');
  return value;
}
