import type { Collection } from 'mongodb';
import type { ProductDocument } from '../catalog/mongo-product.repository.js';
import type { StoredOrder } from '../orders/mongo-order.store.js';

export interface ReservationSettlerOptions {
  /** Flush once this many orders wait (default 64). */
  readonly maxOrders?: number;
  /** Flush this long after the first order waits (default 20 ms). */
  readonly delayMs?: number;
  /** A flush failed: its marks stay (harmless: their orders are decided) until `sweep` runs at the next start. */
  readonly onError?: (error: unknown) => void;
}

// #region settler
/**
 * Removes the reservation marks of decided orders in batches: one `updateMany` for every order decided within a few
 * milliseconds, instead of one write per order. A mark only makes reserving idempotent while its order is pending;
 * once the order is decided nothing reserves or releases for it again, so removing its mark a little later changes
 * no outcome. Marks left by a crash before a flush are removed by `sweep()`, which the worker runs when it starts.
 *
 * @example
 * const settler = new ReservationSettler(products);
 * settler.settle(orderId, productIds); // after the deciding write
 * await settler.close(); // on shutdown: flushes what waits
 */
export class ReservationSettler {
  readonly #waiting = new Map<string, readonly string[]>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly products: Collection<ProductDocument>,
    private readonly options: ReservationSettlerOptions = {},
  ) {}

  /** Queues the order's marks for removal; `productIds` are the products it reserved. */
  settle(orderId: string, productIds: readonly string[]): void {
    this.#waiting.set(orderId, productIds);
    if (this.#waiting.size >= (this.options.maxOrders ?? 64)) {
      void this.flush();
    } else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.options.delayMs ?? 20);
      this.#timer.unref();
    }
  }

  /** Removes every queued mark now; resolves when the write (and any earlier one) is done. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#waiting.size === 0) return this.#flushing;
    const orderIds = [...this.#waiting.keys()];
    const productIds = [...new Set([...this.#waiting.values()].flat())];
    this.#waiting.clear();
    this.#flushing = this.#flushing.then(() =>
      this.products
        .updateMany(
          { _id: { $in: productIds }, reservations: { $in: orderIds } },
          { $pull: { reservations: { $in: orderIds } } },
        )
        .then(
          () => undefined,
          (error: unknown) => this.options.onError?.(error),
        ),
    );
    return this.#flushing;
  }

  /** Flushes what waits; later `settle` calls still work (a flush per call). */
  async close(): Promise<void> {
    await this.flush();
  }

  /** Removes the marks of orders that are no longer pending (left by a process that died before its flush). */
  async sweep(orders: Collection<StoredOrder>): Promise<number> {
    const marked = await this.products
      .find({ 'reservations.0': { $exists: true } }, { projection: { reservations: 1 } })
      .toArray();
    const orderIds = [...new Set(marked.flatMap((product) => product.reservations ?? []))];
    if (orderIds.length === 0) return 0;
    const decided = await orders
      .find({ _id: { $in: orderIds }, status: { $ne: 'pending' } }, { projection: { _id: 1 } })
      .map((order) => order._id)
      .toArray();
    if (decided.length === 0) return 0;
    await this.products.updateMany({ reservations: { $in: decided } }, { $pull: { reservations: { $in: decided } } });
    return decided.length;
  }
}
// #endregion settler
