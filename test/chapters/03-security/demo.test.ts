import { describe, expect, it } from 'vitest';
import { runDemo } from '../../support/run-demo.js';

describe('chapter 03 demo', () => {
  it('signs in, shows 401s, a 403, a replay caught and a 429, and exits by itself with status 0', async () => {
    const stdout = await runDemo('03-security', { timeoutMs: 60_000 });
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
