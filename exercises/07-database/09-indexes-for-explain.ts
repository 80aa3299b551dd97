/**
 * Exercise 07.9: the indexes an orders screen needs, judged by MongoDB's own explain of each of its queries.
 */
import type { Collection } from 'mongodb';
import { TodoError } from '../../workbook/todo-error.js';

export interface Order {
  readonly _id: number;
  readonly customerId: string;
  readonly status: 'open' | 'paid' | 'shipped';
  readonly total: number;
  readonly createdAt: Date;
}

/**
 * Creates the indexes on `orders` that let MongoDB answer each of these five queries with an index scan that examines
 * exactly as many index keys, and fetches exactly as many documents, as the query returns, with no sort in memory:
 *
 * 1. a customer's open orders, newest first:
 *    `find({ customerId, status: 'open' }).sort({ createdAt: -1 })`
 * 2. a customer's 20 latest orders, whatever their status:
 *    `find({ customerId }).sort({ createdAt: -1 }).limit(20)`
 * 3. the open orders placed before a cut-off, oldest first:
 *    `find({ status: 'open', createdAt: { $lt: cutoff } }).sort({ createdAt: 1 })`
 * 4. the ten biggest open orders, the oldest first among equal totals:
 *    `find({ status: 'open' }).sort({ total: -1, createdAt: 1 }).limit(10)`
 * 5. the 50 oldest open orders:
 *    `find({ status: 'open' }).sort({ createdAt: 1 }).limit(50)`
 *
 * At most four indexes besides `_id`. Calling it again on the same collection succeeds and changes nothing.
 * Errors from the server (for instance an index of the same name with another key) are rejected unchanged.
 */
export async function createOrderIndexes(_orders: Collection<Order>): Promise<void> {
  // TODO(07.9): create the indexes described above.
  throw new TodoError('07.9');
}
