import { describe, expect, it } from 'vitest';
import { InvalidCursorError, keysetPage, type Page, type Ranked } from '#subject/05-testing/10-keyset-page-tests';

const player = (id: string, score: number): Ranked => ({ id, score });

/** Follows nextCursor from the first page to the last and returns the ids of every page. */
function allPages(items: readonly Ranked[], limit: number): string[][] {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Ranked> = keysetPage(items, { limit, cursor });
    pages.push(page.items.map((item) => item.id));
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length <= items.length);
  return pages;
}

describe('05.10 keyset pagination', () => {
  it('returns the highest scores first and equal scores by id, whatever the input order', () => {
    const items = [player('c', 5), player('a', 9), player('e', 5), player('b', 5), player('d', 7)];
    const page = keysetPage(items, { limit: 4 });
    expect(page.items.map((item) => item.id)).toEqual(['a', 'd', 'b', 'c']);
    expect(page.items[0]).toBe(items[1]);
  });

  it('visits every item once across the pages, and the last page has no cursor', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id, i) => player(id, 100 - i));
    expect(allPages(items, 3)).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
  });

  it('gives no cursor on a full last page when nothing comes after it', () => {
    const items = ['a', 'b', 'c', 'd'].map((id, i) => player(id, 10 - i));
    const first = keysetPage(items, { limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const last = keysetPage(items, { limit: 2, cursor: first.nextCursor });
    expect(last.items.map((item) => item.id)).toEqual(['c', 'd']);
    expect(last.nextCursor).toBeNull();
    expect(keysetPage(items, { limit: 4 }).nextCursor).toBeNull();
  });

  it('neither skips nor repeats items whose scores tie across a page boundary', () => {
    const items = [
      player('t4', 3),
      player('t1', 3),
      player('top', 8),
      player('t3', 3),
      player('t2', 3),
      player('low', 1),
    ];
    expect(allPages(items, 2)).toEqual([
      ['top', 't1'],
      ['t2', 't3'],
      ['t4', 'low'],
    ]);
  });

  it('returns an empty page with no cursor for an empty list', () => {
    expect(keysetPage([], { limit: 10 })).toEqual({ items: [], nextCursor: null });
  });

  it('keeps its place by key: items removed before the cursor, or the cursor item itself, shift nothing', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => player(id, 60 - i * 10));
    const first = keysetPage(items, { limit: 3 });
    expect(first.items.map((item) => item.id)).toEqual(['a', 'b', 'c']);
    const afterRemovals = items.filter((item) => item.id !== 'a' && item.id !== 'c');
    const next = keysetPage(afterRemovals, { limit: 3, cursor: first.nextCursor });
    expect(next.items.map((item) => item.id)).toEqual(['d', 'e', 'f']);
    const withNewcomer = [player('z', 99), ...items];
    expect(keysetPage(withNewcomer, { limit: 3, cursor: first.nextCursor }).items.map((item) => item.id)).toEqual([
      'd',
      'e',
      'f',
    ]);
  });

  it("leaves the caller's array in the order it was", () => {
    const items = [player('b', 1), player('a', 2), player('c', 3)];
    const before = [...items];
    keysetPage(items, { limit: 2 });
    expect(items).toEqual(before);
  });

  it('accepts a limit from 1 to 100 and refuses any other with a RangeError', () => {
    const items = Array.from({ length: 120 }, (_, i) => player(`p${String(i).padStart(3, '0')}`, 0));
    expect(keysetPage(items, { limit: 1 }).items).toHaveLength(1);
    expect(keysetPage(items, { limit: 100 }).items).toHaveLength(100);
    for (const limit of [0, 101, 2.5, Number.NaN, -1]) {
      expect(() => keysetPage(items, { limit })).toThrow(RangeError);
    }
  });

  it('refuses a cursor it did not make with an InvalidCursorError', () => {
    const items = [player('a', 1), player('b', 2)];
    const forged = Buffer.from(JSON.stringify({ offset: 1 })).toString('base64url');
    for (const cursor of ['not-a-cursor', '', forged]) {
      expect(() => keysetPage(items, { limit: 1, cursor })).toThrow(InvalidCursorError);
    }
  });
});
