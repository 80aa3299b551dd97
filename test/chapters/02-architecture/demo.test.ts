import { describe, expect, it } from 'vitest';
import { runDemo } from '../../support/run-demo.js';

describe('chapter 02 demo', () => {
  it('registers users over HTTP on MongoDB, shows the 409s, and exits by itself with status 0', async () => {
    const stdout = await runDemo('02-architecture', { timeoutMs: 60_000 });
    expect(stdout).toMatch(/\[mongo\] provider: /);
    expect(stdout).toContain('Ada again, new case -> 409 application/problem+json EMAIL_TAKEN');
    expect(stdout).toContain('statuses: 201 and 409');
    expect(stdout).toContain('outbox entries waiting for a retry: 1');
    expect(stdout).toContain('users stored: 4');
    expect(stdout).toContain('the process exits by itself');
  }, 70_000);
});
