import { describe, expect, it } from 'vitest';
import { runDemo } from '../../support/run-demo.js';

describe('chapter 04 demo', () => {
  it('shows each behaviour and exits by itself with status 0', async () => {
    const stdout = await runDemo('04-performance', { timeoutMs: 30_000 });
    expect(stdout).toContain('fresh cache hit rate: 0.0%');
    expect(stdout).toContain(
      '0 from L1 -> {"hit":true,"value":0,"level":"l1"}; from L2 -> {"hit":true,"value":0,"level":"l2"}',
    );
    expect(stdout).toContain('50 concurrent cold reads -> 1 load');
    expect(stdout).toContain("B's L1 has order:1: false");
    expect(stdout).toContain('stopped: running = false');
    expect(stdout).toContain('fib(25, 10, 20, 15) -> 75025, 55, 6765, 610');
    expect(stdout).toContain('fib(45) with a 200 ms timeout -> TaskTimeoutError');
    expect(stdout).toContain('threads after the timeout: 2 of 2, crashes counted: 0');
    expect(stdout).toContain('destroyed: 0 threads left');
    expect(stdout).toContain('Done: everything was closed');
  });
});
