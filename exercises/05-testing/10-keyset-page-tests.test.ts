import { describe, it } from 'vitest';
// import { expect } from 'vitest';
// import { InvalidCursorError, keysetPage, type Ranked } from '#subject/05-testing/10-keyset-page-tests';

// TODO(05.10): write the tests of keysetPage in test/exercises/05-testing/10-keyset-page-tests/subject.ts (read its
// doc comment: that is the contract). `npm run workbook -- check 05.10` runs your file against the correct module,
// where every test must pass, and against near-miss copies of it with one mistake each, where at least one of your
// tests must fail. Pin these behaviours:
// - the order of a page, equal scores included, whatever the order of the input, and what happens to the input;
// - walking every page with nextCursor: each item once, and when nextCursor is null (mind the boundaries);
// - what a cursor means when items were removed or added between two requests;
// - the limits and cursors it accepts, and the errors for the others.
describe('05.10 keyset pagination', () => {
  it.todo('returns the highest scores first');
});
