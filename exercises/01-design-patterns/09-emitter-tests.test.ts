import { describe, it } from 'vitest';
// import { expect } from 'vitest';
// import { Emitter } from '#subject/01-design-patterns/09-emitter-tests';

// TODO(01.9): write the tests of the Emitter in test/exercises/01-design-patterns/09-emitter-tests/subject.ts (read
// its doc comment: that is the contract). `npm run workbook -- check 01.9` runs your file against the correct Emitter,
// where every test must pass, and against near-miss copies of it with one mistake each, where at least one of your
// tests must fail. Pin these behaviours, one test each:
// - the order listeners are called in, the payload they get and what emit returns;
// - once listeners, including one that throws and one that emits its own event;
// - what an unsubscribe function removes, and what calling it twice does;
// - unsubscribing and subscribing while an emit is running;
// - a listener that throws, and what the others and the caller of emit see.
describe('01.9 Emitter', () => {
  it.todo('calls the listeners of an event in subscription order');
});
