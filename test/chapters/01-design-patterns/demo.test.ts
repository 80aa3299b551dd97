import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const demo = fileURLToPath(new URL('../../../chapters/01-design-patterns/demo.ts', import.meta.url));

describe('chapter 01 demo', () => {
  it('runs every pattern and exits by itself with status 0', async () => {
    // `timeout` kills a demo that leaves a timer or handle open, which would otherwise hang here.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', demo], { timeout: 20_000 });
    expect(stdout).toContain('3 concurrent calls -> 1 attempt');
    expect(stdout).toContain('listeners called: audit (then unsubscribes) | notify user');
    expect(stdout).toContain('Done: everything was closed');
  });
});
