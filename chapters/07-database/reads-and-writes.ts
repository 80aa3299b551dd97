/**
 * Reads and writes that do only the work asked for: a projection so only the needed fields cross the wire, a
 * cursor read with `for await` so memory holds one batch, bulk writes whose ordered/unordered choice is deliberate,
 * and one query per batch of parents instead of one per parent (N+1).
 */
import type { AnyBulkWriteOperation, BulkWriteResult, Collection, Document, Filter, ObjectId } from 'mongodb';

// #region stream
/**
 * Yields the chosen fields of every matching document, fetching `batchSize` documents per round trip; the process
 * never holds more than one batch, however many documents match.
 *
 * @example
 * for await (const row of streamFields(users, { status: 'active' }, ['email'])) await out.write(`${row.email}\n`);
 */
export async function* streamFields<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T>,
  fields: readonly string[],
  batchSize = 1000,
): AsyncGenerator<Document> {
  const projection = Object.fromEntries([
    ...fields.map((f) => [f, 1] as const),
    ['_id', fields.includes('_id') ? 1 : 0] as const,
  ]);
  // Leaving the loop early (break, throw) runs the generator's return, which closes the cursor on the server.
  for await (const doc of collection.find(filter, { projection, batchSize })) yield doc;
}
// #endregion stream

// #region bulk
/** A price change for one product, keyed by SKU. */
export interface PriceChange {
  readonly sku: string;
  readonly priceCents: number;
}

/**
 * Applies many upserts in one `bulkWrite` (one round trip per 100,000 operations instead of one per change).
 * `ordered: true` stops at the first error and leaves the rest unapplied, which is right when later operations
 * depend on earlier ones; `ordered: false` applies every operation it can, in any order, and reports all errors at
 * the end as a `MongoBulkWriteError`, which is right for independent rows. Errors are thrown, never swallowed:
 * the caller decides what a partial write means.
 */
export async function applyPriceChanges(
  products: Collection<{ sku: string; priceCents: number }>,
  changes: readonly PriceChange[],
  ordered: boolean,
): Promise<BulkWriteResult> {
  const operations: AnyBulkWriteOperation<{ sku: string; priceCents: number }>[] = changes.map((c) => ({
    updateOne: { filter: { sku: c.sku }, update: { $set: { priceCents: c.priceCents } }, upsert: true },
  }));
  return products.bulkWrite(operations, { ordered });
}
// #endregion bulk

export interface Customer {
  _id: ObjectId | string;
  name: string;
}
export interface Order {
  _id: ObjectId | string;
  customerId: ObjectId | string;
  totalCents: number;
}
export type OrderWithCustomer = Order & { customer: Customer | null };

// #region n-plus-one
/** The N+1 pattern: one query for the orders, then one per order for its customer. Shown to be measured, not used. */
export async function ordersWithCustomersOneByOne(
  orders: Collection<Order>,
  customers: Collection<Customer>,
  filter: Filter<Order>,
): Promise<OrderWithCustomer[]> {
  const list = await orders.find(filter).sort({ _id: 1 }).toArray();
  const out: OrderWithCustomer[] = [];
  for (const order of list) out.push({ ...order, customer: await customers.findOne({ _id: order.customerId }) });
  return out;
}

/** Two queries whatever the number of orders: the orders, then every customer they name with one `$in`. */
export async function ordersWithCustomersBatched(
  orders: Collection<Order>,
  customers: Collection<Customer>,
  filter: Filter<Order>,
): Promise<OrderWithCustomer[]> {
  const list = await orders.find(filter).sort({ _id: 1 }).toArray();
  const ids = [...new Map(list.map((o) => [String(o.customerId), o.customerId])).values()];
  const found = ids.length === 0 ? [] : await customers.find({ _id: { $in: ids } }).toArray();
  const byId = new Map(found.map((c) => [String(c._id), c]));
  return list.map((order) => ({ ...order, customer: byId.get(String(order.customerId)) ?? null }));
}

/** One round trip: the server joins with `$lookup` (the joined collection should have an index on the foreign field; `_id` has one). */
export async function ordersWithCustomersLookup(
  orders: Collection<Order>,
  customersName: string,
  filter: Filter<Order>,
): Promise<OrderWithCustomer[]> {
  const rows = await orders
    .aggregate<Order & { customer: Customer[] }>([
      { $match: filter },
      { $sort: { _id: 1 } },
      { $lookup: { from: customersName, localField: 'customerId', foreignField: '_id', as: 'customer' } },
    ])
    .toArray();
  return rows.map((row) => ({ ...row, customer: row.customer[0] ?? null }));
}
// #endregion n-plus-one
