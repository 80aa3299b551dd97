/**
 * Timeouts for slow end-to-end tests (child processes, real services, whole services started and stopped) that hold
 * on a busy machine. One calibration per vitest run, measured by global-setup.ts before any test file: how much of a
 * CPU core a busy loop got (`slowdown` 1 on an idle machine, 3 when it got a third of a core). A test states what it
 * needs on an idle machine, generously; its timeout is that times the slowdown, never above 60 s.
 *
 * @example
 * it('starts, serves and stops on SIGINT', { timeout: slowTimeout(20_000) }, async () => { ... });
 */
import { inject } from 'vitest';

/** No test waits longer than this, however busy the machine: a hang must still fail in reasonable time. */
export const MAX_TEST_TIMEOUT_MS = 60_000;

/** How much slower than idle this machine ran when the run started (at least 1); `WORKBOOK_SLOWDOWN` overrides it. */
export const slowdown: number = inject('slowdown') ?? 1;

/** A test's timeout: what it needs on an idle machine (already generous), scaled by the slowdown, at most 60 s. */
export function slowTimeout(idleMs: number): number {
  return Math.min(MAX_TEST_TIMEOUT_MS, Math.round(idleMs * Math.max(1, slowdown)));
}

/**
 * A deadline inside a test (a child's `timeout`, a `vi.waitFor`, an `AbortSignal.timeout`), scaled like the test's
 * own but kept `marginMs` below the 60 s ceiling, so the inner deadline fails first, with its own message.
 */
export function slowDeadline(idleMs: number, marginMs = 5_000): number {
  return Math.min(MAX_TEST_TIMEOUT_MS - marginMs, Math.round(idleMs * Math.max(1, slowdown)));
}
