import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const demo = fileURLToPath(new URL('../../../chapters/03-security/demo.ts', import.meta.url));

describe('chapter 03 demo', () => {
  it('signs in, shows 401s, a 403, a replay caught and a 429, and exits by itself with status 0', async () => {
    // `timeout` kills a demo that leaves a server, client or timer open, which would otherwise hang here.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', demo], { timeout: 60_000 });
    expect(stdout).toContain('Ada, right password      -> 200');
    expect(stdout).toContain('unknown email            -> 401 INVALID_CREDENTIALS');
    expect(stdout).toContain('GET /users/me without a token  -> 401 MISSING_CREDENTIALS');
    expect(stdout).toContain('Ada (user)    -> 403 INSUFFICIENT_ROLE');
    expect(stdout).toContain('replay token #1 (a thief?)   -> 401 INVALID_TOKEN');
    expect(stdout).toContain('stored refresh token id is a SHA-256: true');
    expect(stdout).toMatch(/attempt \d+ -> 429 RATE_LIMITED \| Retry-After: \d+ \| RateLimit: "login";r=0;t=\d+/);
    expect(stdout).toContain('the process exits by itself');
  }, 70_000);
});
