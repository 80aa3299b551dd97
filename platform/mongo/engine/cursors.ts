import { Long, calculateObjectSize } from 'bson';
import { commandError } from './command-error.js';
import type { Doc } from './values.js';

/** A batch may not make the reply exceed MongoDB's 16 MiB document limit (with room for the envelope). */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 16 * 1024;
const DEFAULT_FIRST_BATCH = 101;

interface OpenCursor {
  readonly id: Long;
  readonly ns: string;
  readonly docs: readonly Doc[];
  position: number;
  lastUsed: number;
}

/** The `cursor` sub-document of a find/aggregate/getMore reply. */
export interface CursorReply {
  id: Long;
  ns: string;
  firstBatch?: Doc[];
  nextBatch?: Doc[];
}

/**
 * Open cursors of one engine. A result set is materialised when the query runs (a snapshot); `getMore` pages
 * through it. Idle cursors expire after `timeoutMs`, like mongod's `cursorTimeoutMillis` (10 minutes by default).
 */
export class CursorRegistry {
  private readonly open = new Map<string, OpenCursor>();
  private nextId = 1n + BigInt(Math.floor(Math.random() * 1e9)) * 1000n;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs = 600_000,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.expireIdle(), Math.min(timeoutMs, 60_000));
    this.sweeper.unref();
  }

  get size(): number {
    return this.open.size;
  }

  /** Takes the first batch of `docs`; keeps a cursor open only if more remain and `singleBatch` is not set. */
  openCursor(ns: string, docs: readonly Doc[], batchSize?: number, singleBatch = false): CursorReply {
    const { batch, end } = takeBatch(docs, 0, batchSize ?? DEFAULT_FIRST_BATCH);
    if (end >= docs.length || singleBatch) return { id: Long.ZERO, ns, firstBatch: batch };
    const id = Long.fromBigInt(this.nextId++);
    this.open.set(id.toString(), { id, ns, docs, position: end, lastUsed: this.now() });
    return { id, ns, firstBatch: batch };
  }

  /** The next batch; the cursor closes (id 0) when exhausted. */
  getMore(id: Long, ns: string, batchSize?: number): CursorReply {
    const cursor = this.open.get(id.toString());
    if (!cursor) throw commandError('CursorNotFound', `cursor id ${id.toString()} not found`);
    if (cursor.ns !== ns) {
      throw commandError('BadValue', `getMore on namespace ${ns}, but cursor ${id.toString()} belongs to ${cursor.ns}`);
    }
    const { batch, end } = takeBatch(cursor.docs, cursor.position, batchSize ?? Number.MAX_SAFE_INTEGER);
    cursor.position = end;
    cursor.lastUsed = this.now();
    if (end >= cursor.docs.length) {
      this.open.delete(id.toString());
      return { id: Long.ZERO, ns, nextBatch: batch };
    }
    return { id: cursor.id, ns, nextBatch: batch };
  }

  /** Closes cursors; answers which were found, as `killCursors` does. */
  kill(ids: readonly Long[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.open.delete(id.toString()) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  /** Closes every cursor idle for longer than the timeout. */
  expireIdle(): number {
    const limit = this.now() - this.timeoutMs;
    let expired = 0;
    for (const [key, cursor] of this.open) {
      if (cursor.lastUsed <= limit) {
        this.open.delete(key);
        expired++;
      }
    }
    return expired;
  }

  close(): void {
    clearInterval(this.sweeper);
    this.open.clear();
  }
}

function takeBatch(docs: readonly Doc[], from: number, batchSize: number): { batch: Doc[]; end: number } {
  const limit = batchSize <= 0 ? Number.MAX_SAFE_INTEGER : batchSize;
  const batch: Doc[] = [];
  let bytes = 0;
  let i = from;
  while (i < docs.length && batch.length < limit) {
    const doc = docs[i] as Doc;
    const size = calculateObjectSize(doc);
    if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
    batch.push(doc);
    bytes += size;
    i++;
  }
  return { batch, end: i };
}
