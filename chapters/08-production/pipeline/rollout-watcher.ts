/**
 * Watches a rollout until it completes, fails, or runs out of time. Kubernetes reports a stuck rollout only after
 * `progressDeadlineSeconds` (10 minutes by default) and never gives up on it by itself; the pipeline's own deadline
 * bounds how long a deploy can hold a CI runner.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeploymentObject } from './deployment-object.js';
import { evaluateRollout, type RolloutState } from './rollout-status.js';

export interface WatchRolloutOptions {
  /** Reads the Deployment (a GET; a watch stream would also do, but polling survives dropped connections). */
  readonly read: () => Promise<DeploymentObject | undefined>;
  /** The generation our apply produced. */
  readonly minGeneration: number;
  /** Give up after this long; the result is then `timeout`. */
  readonly deadlineMs: number;
  readonly pollIntervalMs?: number;
  /** Called when the reason changes, e.g. to log "2 of 3 replicas updated" once, not every poll. */
  readonly onProgress?: (state: RolloutState) => void;
  readonly signal?: AbortSignal;
  /** Monotonic milliseconds (tests pass a fake clock). */
  readonly now?: () => number;
  readonly wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type RolloutOutcome =
  | { readonly kind: 'complete'; readonly reason: string; readonly polls: number }
  | { readonly kind: 'failed'; readonly reason: string; readonly polls: number }
  | { readonly kind: 'timeout'; readonly reason: string; readonly polls: number };

// #region watch
/** Polls until the rollout completes, the Progressing condition reports ProgressDeadlineExceeded, or the deadline passes. */
export async function watchRollout(options: WatchRolloutOptions): Promise<RolloutOutcome> {
  const now = options.now ?? (() => performance.now());
  const wait = options.wait ?? ((ms: number, signal?: AbortSignal) => sleep(ms, undefined, { signal }));
  const interval = options.pollIntervalMs ?? 2_000;
  const deadline = now() + options.deadlineMs;
  let polls = 0;
  let lastReason: string | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    const deployment = await options.read();
    polls += 1;
    const state: RolloutState = deployment
      ? evaluateRollout(deployment, options.minGeneration)
      : { kind: 'failed', reason: 'the Deployment disappeared during the rollout' };
    if (state.reason !== lastReason) options.onProgress?.(state);
    lastReason = state.reason;
    if (state.kind !== 'waiting') return { ...state, polls };
    if (now() >= deadline) {
      return { kind: 'timeout', reason: `not complete after ${options.deadlineMs} ms: ${state.reason}`, polls };
    }
    await wait(Math.min(interval, Math.max(0, deadline - now())), options.signal);
  }
}
// #endregion watch
