import { describe, expect, it } from 'vitest';
import { runDemo } from '../../support/run-demo.js';
import { sharedMongo } from '../../support/mongo.js';
import { slowDeadline, slowTimeout } from '../../support/slow-tests.js';

describe('chapter 07 demo', () => {
  it(
    'shows the scan, the advice, the index scan and keyset against skip, then exits by itself',
    async () => {
      // The run's MongoDB is handed over as MONGODB_URI so the demo does not start a provider of its own.
      const env = { ...process.env, MONGODB_URI: sharedMongo().uri };
      const stdout = await runDemo('07-database', { timeoutMs: slowDeadline(15_000), env });
      expect(stdout).toContain('200 runs');
      expect(stdout).toContain('stages: SORT <- COLLSCAN');
      expect(stdout).toContain('suggest {"customerId":1,"status":1,"createdAt":-1}');
      expect(stdout).toMatch(/Index customerId_1_status_1_createdAt_-1 answered the query/);
      expect(stdout).toMatch(/keyset: +10[01] index keys read for 100 documents/);
      expect(stdout).toContain('Done: everything was closed');
    },
    slowTimeout(20_000),
  );
});
