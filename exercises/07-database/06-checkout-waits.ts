/**
 * Exercise 07.6: how long operations wait for a connection. The chapter's PoolMonitor counts connections; the
 * number that says "the pool is too small" is the wait: the time from `connectionCheckOutStarted` to
 * `connectionCheckedOut`, which the driver reports as `durationMS`, and how many operations queue at once.
 */
import type { MongoClient } from 'mongodb';
import { TodoError } from '../../workbook/todo-error.js';

export interface CheckoutWaits {
  /** Successful check-outs since tracking started (a failed check-out is not one). */
  readonly checkOuts: number;
  /** Operations waiting for a connection now, and the most at once since tracking started. */
  readonly waiting: number;
  readonly peakWaiting: number;
  /** From the driver's `durationMS` of each check-out (successful or failed). */
  readonly maxWaitMs: number;
  readonly p95WaitMs: number;
}

export interface CheckoutWaitTracker {
  snapshot(): CheckoutWaits;
  /** Stops listening; later events change nothing. */
  dispose(): void;
}

/**
 * Tracks the check-out waits of one client from its pool (CMAP) events.
 *
 * - A wait starts with `connectionCheckOutStarted` and ends with `connectionCheckedOut` or
 *   `connectionCheckOutFailed`; `waiting` counts the waits that have started and not ended. A wait that started
 *   before tracking began still ends: `waiting` never goes below 0.
 * - The length of a wait is the `durationMS` the driver puts on the event that ends it, failed ones included: the
 *   tracker does not time anything itself.
 * - `p95WaitMs` is the nearest-rank 95th percentile of a sample of at most `samples` of those lengths.
 * - Before any event every field is 0. After `dispose()` no event changes the snapshot, and the tracker has no
 *   listener left on the client.
 */
export function trackCheckoutWaits(_client: MongoClient, _samples = 256): CheckoutWaitTracker {
  // TODO(07.6): track the waits described above.
  throw new TodoError('07.6');
}
