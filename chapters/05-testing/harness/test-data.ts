import { randomBytes } from 'node:crypto';

/** A registration body the Chapter 2 API accepts. */
export interface NewUser {
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

/** Builds test users whose email and password no other call, test file or parallel run will repeat. */
export interface TestData {
  /** A user with unique values; `overrides` replace any field. */
  user(overrides?: Partial<NewUser>): NewUser;
  /** The tag in every value this factory made, so a test can find (or delete) its own data. */
  readonly runTag: string;
}

// #region test-data
/**
 * Test data unique by construction: a random tag per factory (so parallel files and reruns against a kept database
 * never meet) and a counter per call (so a tight loop never repeats). No clock is involved: `Date.now()` returns the
 * same value for thousands of calls in one millisecond, and the same value in two workers.
 *
 * @example
 * const data = createTestData();
 * const ada = data.user({ name: 'Ada' }); // { name: 'Ada', email: 'user-3fa9c1-1@example.test', ... }
 */
export function createTestData(runTag: string = randomBytes(3).toString('hex')): TestData {
  let sequence = 0;
  return {
    runTag,
    user(overrides = {}) {
      sequence += 1;
      const id = `${runTag}-${sequence}`;
      // example.test is reserved (RFC 2606): even a mailer that escaped its fake could not reach a real inbox.
      return {
        name: `Test User ${id}`,
        email: `user-${id}@example.test`,
        password: `pw-${id}-correct-horse`,
        ...overrides,
      };
    },
  };
}
// #endregion test-data
