import { mkdirSync } from 'node:fs';
import path from 'node:path';

export interface HeapSnapshotPolicyOptions {
  /** Created on the first snapshot. */
  readonly directory: string;
  /** At most one snapshot per cooldown. Default 15 minutes. */
  readonly cooldownMs?: number;
  /** Writes the snapshot (default `v8.writeHeapSnapshot`); a seam for tests. */
  readonly write: (file: string) => string;
  readonly now: () => number;
}

export interface SnapshotMemory {
  readonly heapUsed: number;
  /** Bytes the process may still take: free RAM, or less when a container limit is nearer. */
  readonly available: number;
}

export type SnapshotOutcome = { readonly written: string } | { readonly skipped: string };

// #region policy
/**
 * Decides whether a heap snapshot may be written now. Writing one stops the process for seconds and needs about twice
 * the heap in extra memory, so: never inside the cooldown, and never when that memory is not there.
 */
export class HeapSnapshotPolicy {
  readonly #options: HeapSnapshotPolicyOptions;
  #lastWrittenAt: number | undefined;

  constructor(options: HeapSnapshotPolicyOptions) {
    this.#options = options;
  }

  take(reason: string, memory: SnapshotMemory): SnapshotOutcome {
    const { directory, cooldownMs = 15 * 60_000, write, now } = this.#options;
    const at = now();
    if (this.#lastWrittenAt !== undefined && at - this.#lastWrittenAt < cooldownMs) {
      return {
        skipped: `cooldown: the last snapshot was ${Math.round((at - this.#lastWrittenAt) / 1000)} s ago (cooldown ${cooldownMs / 1000} s)`,
      };
    }
    if (memory.available < 2 * memory.heapUsed) {
      return {
        skipped: `low memory: ${mib(memory.available)} available, a snapshot needs about ${mib(2 * memory.heapUsed)}`,
      };
    }
    mkdirSync(directory, { recursive: true });
    this.#lastWrittenAt = at;
    const file = path.join(
      directory,
      `heap-${new Date().toISOString().replaceAll(':', '-')}-${process.pid}-${reason}.heapsnapshot`,
    );
    return { written: write(file) };
  }
}
// #endregion policy

function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}
