/** Most items a chunk holds before it splits in two; small enough that a splice inside it costs next to nothing. */
export const MAX_CHUNK = 1024;
/** A chunk that shrinks below this is merged with a neighbour when the two fit in half a chunk. */
const MERGE_BELOW = MAX_CHUNK / 8;

/** Where one item lives: the chunk and the offset inside it. */
interface Slot {
  chunk: number;
  at: number;
}

/**
 * An ordered list kept as a run of sorted chunks (each 1..MAX_CHUNK items), so inserting or removing at any place
 * costs a binary search over chunk boundaries plus a splice inside one chunk, instead of shifting every later item
 * of one big array. Positions (ranks) stay available for exact counts: the start of each chunk is cached and only
 * recomputed, from the first chunk that changed, when a position is asked for.
 *
 * The list does not compare items itself: callers pass a predicate `before(item)` that is true for a prefix of the
 * list and false after it (a partition), which is how a binary search by any order is expressed.
 */
export class ChunkedList<T> {
  private readonly chunks: T[][] = [];
  /** starts[i]: how many items precede chunk i; valid for i < validStarts. */
  private readonly starts: number[] = [];
  private validStarts = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** How many chunks hold the items (for tests of the splitting and merging). */
  get chunkCount(): number {
    return this.chunks.length;
  }

  /** The first position whose item is not `before` (the list's length when every item is). */
  partitionPoint(before: (item: T) => boolean): number {
    const slot = this.locate(before);
    return this.startOf(slot.chunk) + slot.at;
  }

  /** Inserts `item` at the partition point of `before`: after every item `before` accepts. */
  insert(item: T, before: (item: T) => boolean): void {
    this.count++;
    const last = this.chunks.length - 1;
    if (last < 0) {
      this.chunks.push([item]);
      return;
    }
    const { chunk, at } = this.locate(before);
    const target = this.chunks[chunk] as T[];
    // Ascending keys (ObjectIds, counters) land at the very end: open a new chunk rather than halving a full one,
    // so an append-only index keeps its chunks full.
    if (chunk === last && at === target.length) {
      if (target.length >= MAX_CHUNK) this.chunks.push([item]);
      else target.push(item);
      return;
    }
    if (at === target.length) target.push(item);
    else target.splice(at, 0, item);
    this.invalidateFrom(chunk + 1);
    if (target.length > MAX_CHUNK) {
      const upper = target.splice(target.length >>> 1);
      this.chunks.splice(chunk + 1, 0, upper);
    }
  }

  /**
   * Removes the first item at or after the partition point of `before` that `matches` accepts, looking no further
   * than `matches` allows by returning undefined (stop) instead of false (skip). Returns whether one was removed.
   */
  removeFirst(before: (item: T) => boolean, matches: (item: T) => boolean | undefined): boolean {
    const { chunk, at } = this.locate(before);
    for (let c = chunk, i = at; c < this.chunks.length; c++, i = 0) {
      const items = this.chunks[c] as T[];
      for (; i < items.length; i++) {
        const verdict = matches(items[i] as T);
        if (verdict === undefined) return false;
        if (verdict) {
          this.removeSlot(c, i);
          return true;
        }
      }
    }
    return false;
  }

  /** The item at a position, or undefined outside the list. */
  at(position: number): T | undefined {
    if (position < 0 || position >= this.count) return undefined;
    const { chunk, at } = this.slotAt(position);
    return this.chunks[chunk]?.[at];
  }

  /** Items from the partition point of `before` to the end, in order (stop early by breaking out). */
  *from(before: (item: T) => boolean): Generator<T> {
    const { chunk, at } = this.locate(before);
    for (let c = chunk, i = at; c < this.chunks.length; c++, i = 0) {
      const items = this.chunks[c] as T[];
      for (; i < items.length; i++) yield items[i] as T;
    }
  }

  /**
   * Items of positions [from, to): ascending for direction 1, descending (from `to - 1` down) for -1. The list must
   * not change while the generator runs.
   */
  *range(from: number, to: number, direction: 1 | -1 = 1): Generator<T> {
    const lo = Math.max(0, from);
    const hi = Math.min(this.count, to);
    if (lo >= hi) return;
    let remaining = hi - lo;
    if (direction === 1) {
      let { chunk, at } = this.slotAt(lo);
      while (remaining > 0 && chunk < this.chunks.length) {
        const items = this.chunks[chunk] as T[];
        for (; at < items.length && remaining > 0; at++, remaining--) yield items[at] as T;
        chunk++;
        at = 0;
      }
    } else {
      let { chunk, at } = this.slotAt(hi - 1);
      while (remaining > 0 && chunk >= 0) {
        const items = this.chunks[chunk] as T[];
        for (; at >= 0 && remaining > 0; at--, remaining--) yield items[at] as T;
        chunk--;
        at = (this.chunks[chunk]?.length ?? 0) - 1;
      }
    }
  }

  *[Symbol.iterator](): Generator<T> {
    for (const items of this.chunks) yield* items;
  }

  /** The chunk and offset of the partition point: the first chunk whose last item is not `before`, then inside it. */
  private locate(before: (item: T) => boolean): Slot {
    const chunks = this.chunks;
    if (chunks.length === 0) return { chunk: 0, at: 0 };
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const items = chunks[mid] as T[];
      if (before(items[items.length - 1] as T)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === chunks.length) return { chunk: lo - 1, at: (chunks[lo - 1] as T[]).length };
    const items = chunks[lo] as T[];
    let a = 0;
    let b = items.length - 1; // the last item is known not to be `before`
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (before(items[mid] as T)) a = mid + 1;
      else b = mid;
    }
    return { chunk: lo, at: a };
  }

  /** The chunk and offset of a position inside the list (0 <= position < length). */
  private slotAt(position: number): Slot {
    this.startOf(this.chunks.length - 1);
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] as number) <= position) lo = mid;
      else hi = mid - 1;
    }
    return { chunk: lo, at: position - (this.starts[lo] as number) };
  }

  /** How many items precede chunk `chunk`, recomputing stale starts up to it. */
  private startOf(chunk: number): number {
    if (chunk < 0) return 0;
    if (this.validStarts === 0) {
      this.starts[0] = 0;
      this.validStarts = 1;
    }
    for (let i = this.validStarts; i <= chunk; i++) {
      this.starts[i] = (this.starts[i - 1] as number) + (this.chunks[i - 1] as T[]).length;
    }
    if (chunk >= this.validStarts) this.validStarts = chunk + 1;
    return this.starts[chunk] as number;
  }

  private invalidateFrom(chunk: number): void {
    if (chunk < this.validStarts) this.validStarts = chunk;
  }

  private removeSlot(chunk: number, at: number): void {
    const items = this.chunks[chunk] as T[];
    items.splice(at, 1);
    this.count--;
    if (items.length === 0) {
      this.chunks.splice(chunk, 1);
      this.invalidateFrom(chunk);
      return;
    }
    this.invalidateFrom(chunk + 1);
    if (items.length >= MERGE_BELOW) return;
    // Keep many deletes from leaving a long tail of tiny chunks: fold a small chunk into a neighbour that has room.
    const next = this.chunks[chunk + 1];
    const prev = this.chunks[chunk - 1];
    if (next && items.length + next.length <= MAX_CHUNK / 2) {
      for (const item of next) items.push(item);
      this.chunks.splice(chunk + 1, 1);
    } else if (prev && items.length + prev.length <= MAX_CHUNK / 2) {
      for (const item of items) prev.push(item);
      this.chunks.splice(chunk, 1);
      this.invalidateFrom(chunk);
    }
  }
}
