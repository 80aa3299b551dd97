import { describe, expect, it } from 'vitest';
import { runDemo } from '../../support/run-demo.js';

describe('chapter 01 demo', () => {
  it('runs every pattern and exits by itself with status 0', async () => {
    const stdout = await runDemo('01-design-patterns', { timeoutMs: 20_000 });
    expect(stdout).toContain('3 concurrent calls -> 1 attempt');
    expect(stdout).toContain('listeners called: audit (then unsubscribes) | notify user');
    expect(stdout).toContain('Done: everything was closed');
  });
});
