import { setTimeout as sleep } from 'node:timers/promises';

// #region coalesce
/**
 * Cache invalidations gathered over a short window and sent once per tag: under load, every confirmed order changes
 * the stock of the same few products, and each would otherwise cost a script and a broadcast per tag in Redis.
 * `invalidate(tags)` resolves when a flush that started after the call has invalidated every one of them, so a caller
 * that changed stock and then awaits it knows no cached copy from before its change survives.
 *
 * @example
 * const stockChanged = new CoalescedInvalidation((tag) => cache.invalidateTag(tag), 10);
 * await stockChanged.invalidate([PRODUCT_LISTS_TAG, productTag(id)]);
 */
export class CoalescedInvalidation {
  readonly #tags = new Set<string>();
  #flush: Promise<void> | undefined;

  constructor(
    private readonly invalidateTag: (tag: string) => Promise<void>,
    private readonly windowMs = 10,
  ) {}

  invalidate(tags: readonly string[]): Promise<void> {
    for (const tag of tags) this.#tags.add(tag);
    this.#flush ??= sleep(this.windowMs).then(() => {
      const batch = [...this.#tags];
      this.#tags.clear();
      this.#flush = undefined; // a later call starts the next window: its change may be newer than this batch
      return Promise.all(batch.map((tag) => this.invalidateTag(tag))).then(() => undefined);
    });
    return this.#flush;
  }
}
// #endregion coalesce
