/** A read from Redis or a load of one key that will fill L1 when it finishes, unless something newer came first. */
export interface Fill {
  readonly key: string;
  /** The tags a load will write the key with (none for a read). */
  readonly tags: readonly string[];
  /** Set once a write, delete or invalidation of this key (or of one of its tags) happened after the fill began. */
  superseded: boolean;
}

// #region fills
/**
 * The reads and loads in flight in one cache. A write, delete or invalidation marks the fills it overtakes as
 * superseded, so an answer older than it never reaches L1 afterwards.
 */
export class PendingFills {
  readonly #fills = new Set<Fill>();

  begin(key: string, tags: readonly string[] = []): Fill {
    const fill: Fill = { key, tags, superseded: false };
    this.#fills.add(fill);
    return fill;
  }

  end(fill: Fill): void {
    this.#fills.delete(fill);
  }

  supersedeKey(key: string): void {
    for (const fill of this.#fills) if (fill.key === key) fill.superseded = true;
  }

  /** Marks the fills whose load carries `tag`; returns their keys. */
  supersedeTag(tag: string): string[] {
    const keys: string[] = [];
    for (const fill of this.#fills) {
      if (!fill.tags.includes(tag)) continue;
      fill.superseded = true;
      keys.push(fill.key);
    }
    return keys;
  }

  /** Everything in flight may be stale (invalidations were lost); returns the keys. */
  supersedeAll(): string[] {
    for (const fill of this.#fills) fill.superseded = true;
    return [...this.#fills].map((fill) => fill.key);
  }
}
// #endregion fills
