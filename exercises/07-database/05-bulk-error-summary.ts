/**
 * Exercise 07.5: a bulk write failed; what happened to each row? `MongoBulkWriteError` holds the answer in pieces
 * (a partial result, one write error per failed operation); this turns it into a report a person or a retry job can
 * act on, and it differs for ordered and unordered writes.
 */
import type { Document } from 'mongodb';
import { TodoError } from '../../workbook/todo-error.js';

export interface FailedRow {
  /** Position of the operation in the list that was sent. */
  readonly index: number;
  readonly code: number;
  readonly reason: 'duplicate-key' | 'other';
  /** The operation that failed (for an insert, the document), so it can be fixed and sent again. */
  readonly operation: Document;
  readonly message: string;
}

export interface BulkWriteSummary {
  readonly attempted: number;
  /** Operations that took effect (inserted, upserted, matched or deleted). */
  readonly written: number;
  readonly failed: readonly FailedRow[];
  /** Ordered writes stop at the first error: the operations after it were never tried (retry them). */
  readonly notAttempted: readonly number[];
}

/**
 * Summarises a failed bulk write of `attempted` operations sent with `ordered`.
 *
 * - `error` that is not a `MongoBulkWriteError` is rethrown unchanged: a network failure says nothing about which
 *   rows were written.
 * - `failed` has one row per write error, sorted by index: the server's error code (11000, a duplicate key, is
 *   `'duplicate-key'`, any other `'other'`), the operation that was sent and the server's message.
 * - `written` counts the operations that took effect, by the driver's partial result.
 * - `notAttempted`: for an ordered write, every index after the first failure up to `attempted - 1`; for an
 *   unordered write, none (the server tried them all).
 */
export function summariseBulkWriteError(_error: unknown, _attempted: number, _ordered: boolean): BulkWriteSummary {
  // TODO(07.5): build the summary described above.
  throw new TodoError('07.5');
}
