/**
 * Exercise 07.6: how long operations wait for a connection. The chapter's PoolMonitor counts connections; the
 * number that says "the pool is too small" is the wait: the time from `connectionCheckOutStarted` to
 * `connectionCheckedOut`, which the driver reports as `durationMS`, and how many operations queue at once.
 */
import type { MongoClient } from 'mongodb';
import { TodoError } from '../../workbook/todo-error.js';

export interface CheckoutWaits {
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

/** Tracks check-out waits of one client from its CMAP events, keeping `samples` durations for the p95. */
export function trackCheckoutWaits(_client: MongoClient, _samples = 256): CheckoutWaitTracker {
  // TODO(07.6): listen to connectionCheckOutStarted (one more waiting; remember the peak), connectionCheckedOut
  // (one fewer waiting, one more check-out, its durationMS into a Reservoir from chapters/07-database/query-stats.ts
  // and the max) and connectionCheckOutFailed (one fewer waiting, its durationMS too). dispose() removes all three.
  throw new TodoError('07.6');
}
