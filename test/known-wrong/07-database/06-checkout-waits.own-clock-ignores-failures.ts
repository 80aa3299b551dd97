/**
 * Known wrong: times each wait with its own clock (from the started event to the checked-out event) instead of
 * reading the driver's `durationMS`, and never listens to `connectionCheckOutFailed`, so a check-out that timed out
 * stays "waiting" forever and its wait, the longest of all, is never counted.
 */
import type { MongoClient } from 'mongodb';
import { performance } from 'node:perf_hooks';
import { Reservoir } from '../../../chapters/07-database/query-stats.js';

export interface CheckoutWaits {
  readonly checkOuts: number;
  readonly waiting: number;
  readonly peakWaiting: number;
  readonly maxWaitMs: number;
  readonly p95WaitMs: number;
}

export interface CheckoutWaitTracker {
  snapshot(): CheckoutWaits;
  dispose(): void;
}

export function trackCheckoutWaits(client: MongoClient, samples = 256): CheckoutWaitTracker {
  const durations = new Reservoir(samples);
  const startedAt: number[] = [];
  let checkOuts = 0;
  let peakWaiting = 0;
  let maxWaitMs = 0;
  const started = (): void => {
    startedAt.push(performance.now());
    peakWaiting = Math.max(peakWaiting, startedAt.length);
  };
  const checkedOut = (): void => {
    checkOuts++;
    const since = startedAt.shift();
    if (since === undefined) return;
    const ms = performance.now() - since;
    maxWaitMs = Math.max(maxWaitMs, ms);
    durations.add(ms);
  };
  client.on('connectionCheckOutStarted', started);
  client.on('connectionCheckedOut', checkedOut);
  return {
    snapshot: () => ({ checkOuts, waiting: startedAt.length, peakWaiting, maxWaitMs, p95WaitMs: durations.percentile(0.95) }),
    dispose: () => {
      client.off('connectionCheckOutStarted', started);
      client.off('connectionCheckedOut', checkedOut);
    },
  };
}
