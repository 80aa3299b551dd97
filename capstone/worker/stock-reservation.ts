import type { Collection } from 'mongodb';
import type { ProductDocument } from '../catalog/mongo-product.repository.js';

/** What reserving all lines of one order ended with. */
export type ReservationOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface ReservationLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
}

// #region reserve
/**
 * Takes stock for every line of an order, or for none. Each line is one conditional update: "if at least `quantity`
 * is left and this order has not taken it yet, take it and remember the order id on the product". So:
 * - two orders racing for the last unit cannot both get it (the condition and the decrement are one atomic write);
 * - a redelivered message (a crash after some lines) skips the lines it already took instead of taking them twice;
 * - when a line fails, the lines taken are given back (compensation), each also conditional on the order's mark.
 * MongoDB transactions would make this one unit, but need a replica set; per-document atomicity works everywhere.
 */
export async function reserveStock(
  products: Collection<ProductDocument>,
  orderId: string,
  lines: readonly ReservationLine[],
): Promise<ReservationOutcome> {
  const taken: ReservationLine[] = [];
  for (const line of lines) {
    const result = await products.updateOne(
      { _id: line.productId, stock: { $gte: line.quantity }, reservations: { $ne: orderId } },
      { $inc: { stock: -line.quantity }, $push: { reservations: orderId } },
    );
    if (
      result.modifiedCount === 1 ||
      (await products.countDocuments({ _id: line.productId, reservations: orderId }, { limit: 1 })) === 1
    ) {
      taken.push(line);
      continue;
    }
    await releaseStock(products, orderId, taken);
    const product = await products.findOne({ _id: line.productId }, { projection: { stock: 1 } });
    return {
      ok: false,
      reason: product
        ? `not enough stock for "${line.name}": ${line.quantity} ordered, ${product.stock} available`
        : `product "${line.name}" no longer exists`,
    };
  }
  return { ok: true };
}
// #endregion reserve

/** Gives back what `reserveStock` took for this order; lines it did not take are untouched. Safe to repeat. */
export async function releaseStock(
  products: Collection<ProductDocument>,
  orderId: string,
  lines: readonly ReservationLine[],
): Promise<void> {
  for (const line of lines) {
    await products.updateOne(
      { _id: line.productId, reservations: orderId },
      { $inc: { stock: line.quantity }, $pull: { reservations: orderId } },
    );
  }
}

/** Forgets the order's marks once its outcome is recorded; the stock stays taken. */
export async function settleReservation(
  products: Collection<ProductDocument>,
  orderId: string,
  productIds: readonly string[],
): Promise<void> {
  await products.updateMany(
    { _id: { $in: [...productIds] }, reservations: orderId },
    { $pull: { reservations: orderId } },
  );
}
