import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const demo = fileURLToPath(new URL('../../../chapters/02-architecture/demo.ts', import.meta.url));

describe('chapter 02 demo', () => {
  it('registers users over HTTP on MongoDB, shows the 409s, and exits by itself with status 0', async () => {
    // `timeout` kills a demo that leaves a server, client or timer open, which would otherwise hang here.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', demo], { timeout: 60_000 });
    expect(stdout).toMatch(/\[mongo\] provider: /);
    expect(stdout).toContain('Ada again, new case -> 409 application/problem+json EMAIL_TAKEN');
    expect(stdout).toContain('statuses: 201 and 409');
    expect(stdout).toContain('outbox entries waiting for a retry: 1');
    expect(stdout).toContain('users stored: 4');
    expect(stdout).toContain('the process exits by itself');
  }, 70_000);
});
