import { describe, it } from 'vitest';
// import { expect } from 'vitest';
// import { TtlCache } from '#subject/05-testing/11-ttl-cache-tests';

// TODO(05.11): write the tests of TtlCache in test/exercises/05-testing/11-ttl-cache-tests/subject.ts (read its doc
// comment: that is the contract). `npm run workbook -- check 05.11` runs your file against the correct cache, where
// every test must pass, and against near-miss copies of it with one mistake each, where at least one of your tests
// must fail. Control time through the `now` option, and wait for nothing in real time. Pin these behaviours:
// - when exactly an entry stops being returned, and what get, has, delete and size say about it then;
// - what setting a key that is already there does to its value, its time to live and the other entries;
// - which entry goes when the cache is full, what counts as a use and what does not;
// - how expired entries count toward the limit;
// - the options it refuses.
describe('05.11 a bounded cache whose entries expire', () => {
  it.todo('returns what was set');
});
