import { describe, it } from 'vitest';
// import { afterEach, beforeEach, expect, vi } from 'vitest';
// import { createRetryingFetch } from '#subject/05-testing/09-retrying-fetch-tests';

// TODO(05.9): write the tests of createRetryingFetch in test/exercises/05-testing/09-retrying-fetch-tests/subject.ts
// (read its doc comment: that is the contract). `npm run workbook -- check 05.9` runs your file against the correct
// module, where every test must pass, and against near-miss copies of it with one mistake each, where at least one of
// your tests must fail. Give it a fake fetch and wait for nothing in real time. Pin these behaviours:
// - which answers come back at once and which are retried (statuses, network errors), and with what url and init;
// - the wait before each retry, to the millisecond, and its upper bound;
// - Retry-After: when it sets the wait and when it is ignored;
// - what comes back after the last allowed call (a response or an error), and that nothing waits after it;
// - which methods are never retried;
// - the `attempts` option: its smallest value, and the values it refuses.
describe('05.9 a fetch that retries with backoff', () => {
  it.todo('returns a successful response after one call');
});
