/**
 * It starts the next page at the first item with a lower score than the cursor's, skipping the items that tie with it. Otherwise correct.
 */

/** Anything with a score and a unique id can be paged. */
export interface Ranked {
  readonly id: string;
  readonly score: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass it back to get the next page; null when no item comes after this page. */
  readonly nextCursor: string | null;
}

export interface PageRequest {
  /** Items per page: a whole number from 1 to 100. */
  readonly limit: number;
  /** null or absent for the first page, else a `nextCursor` this function returned. */
  readonly cursor?: string | null;
}

/** A cursor this module did not make (or made for something else). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  readonly code = 'INVALID_CURSOR';
}

/**
 * One page of `items`, highest score first, equal scores by id in ascending (code unit) order.
 *
 * - The input may be in any order, and is left as it was.
 * - The first page starts at the first item; a later page starts right after the item its cursor came from, by
 *   position in that order (keyset, not offset): items added or removed before it do not shift the next page, and the
 *   cursor still works when its own item has since been removed.
 * - `nextCursor` is null when no item comes after the page's last item (an empty page included), else an opaque
 *   string for the next page.
 * - `limit` that is not a whole number from 1 to 100 throws a RangeError; a cursor that is not one this function
 *   returned throws an InvalidCursorError.
 *
 * @example
 * const first = keysetPage(players, { limit: 20 });
 * const second = keysetPage(players, { limit: 20, cursor: first.nextCursor });
 */
export function keysetPage<T extends Ranked>(items: readonly T[], request: PageRequest): Page<T> {
  const { limit, cursor } = request;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new RangeError(`limit must be a whole number from 1 to 100, got ${limit}`);
  const after = cursor == null ? undefined : decodeCursor(cursor);
  const ordered = [...items].sort(compare);
  const start = after === undefined ? 0 : ordered.findIndex((item) => item.score < after.score);
  const rest = start === -1 ? [] : ordered.slice(start);
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return { items: page, nextCursor: last && rest.length > limit ? encodeCursor(last) : null };
}

/** Highest score first, then id ascending. */
function compare(a: Ranked, b: Ranked): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function encodeCursor(item: Ranked): string {
  return Buffer.from(JSON.stringify([item.score, item.id])).toString('base64url');
}

function decodeCursor(cursor: string): Ranked {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError(`not a page cursor: ${cursor}`);
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 2 ||
    !Number.isFinite(decoded[0]) ||
    typeof decoded[1] !== 'string'
  ) {
    throw new InvalidCursorError(`not a page cursor: ${cursor}`);
  }
  return { score: decoded[0] as number, id: decoded[1] };
}
