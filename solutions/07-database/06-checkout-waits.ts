/**
 * Exercise 07.6: how long operations wait for a connection. The chapter's PoolMonitor counts connections; the
 * number that says "the pool is too small" is the wait: the time from `connectionCheckOutStarted` to
 * `connectionCheckedOut`, which the driver reports as `durationMS`, and how many operations queue at once.
 */
import type { ConnectionCheckedOutEvent, ConnectionCheckOutFailedEvent, MongoClient } from 'mongodb';
import { Reservoir } from '../../chapters/07-database/query-stats.js';

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

/** Tracks check-out waits of one client from its CMAP events, keeping `samples` durations for the p95. */
export function trackCheckoutWaits(client: MongoClient, samples = 256): CheckoutWaitTracker {
  const durations = new Reservoir(samples);
  let checkOuts = 0;
  let waiting = 0;
  let peakWaiting = 0;
  let maxWaitMs = 0;
  const waited = (ms: number): void => {
    waiting = Math.max(0, waiting - 1);
    maxWaitMs = Math.max(maxWaitMs, ms);
    durations.add(ms);
  };
  const started = (): void => {
    waiting++;
    peakWaiting = Math.max(peakWaiting, waiting);
  };
  const checkedOut = (e: ConnectionCheckedOutEvent): void => {
    checkOuts++;
    waited(e.durationMS);
  };
  const failed = (e: ConnectionCheckOutFailedEvent): void => waited(e.durationMS);
  client.on('connectionCheckOutStarted', started);
  client.on('connectionCheckedOut', checkedOut);
  client.on('connectionCheckOutFailed', failed);
  return {
    snapshot: () => ({ checkOuts, waiting, peakWaiting, maxWaitMs, p95WaitMs: durations.percentile(0.95) }),
    dispose: () => {
      client.off('connectionCheckOutStarted', started);
      client.off('connectionCheckedOut', checkedOut);
      client.off('connectionCheckOutFailed', failed);
    },
  };
}
