import { ValidationError } from '../../chapters/02-architecture/errors/app-error.js';

/**
 * Keyset pagination over `(name, _id)`, the minimal version the capstone needs until Chapter 7's module lands.
 * The cursor is the last row's sort key, opaque to clients: base64url of `[name, id]`.
 */
export interface KeysetPosition {
  readonly name: string;
  readonly id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.name, position.id]), 'utf8').toString('base64url');
}

/** The position a cursor names, or a 400 on the `after` field: a client must not get a 500 for a bad cursor. */
export function decodeCursor(cursor: string): KeysetPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string') {
    throw ValidationError.forField('after', 'cursor', 'after must be the `next` value of a previous page');
  }
  return { name: value[0], id: value[1] };
}

/** The filter for rows strictly after `position` in `(name, _id)` order. */
export function afterFilter(position: KeysetPosition | undefined): Record<string, unknown> {
  if (!position) return {};
  return { $or: [{ name: { $gt: position.name } }, { name: position.name, _id: { $gt: position.id } }] };
}
