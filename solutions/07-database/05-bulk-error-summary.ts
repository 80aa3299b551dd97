/**
 * Exercise 07.5: a bulk write failed; what happened to each row? `MongoBulkWriteError` holds the answer in pieces
 * (a partial result, one write error per failed operation); this turns it into a report a person or a retry job can
 * act on, and it differs for ordered and unordered writes.
 */
import { MongoBulkWriteError, type Document } from 'mongodb';

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
 * Summarises a failed bulk write of `attempted` operations sent with `ordered`. Rethrows anything that is not a
 * `MongoBulkWriteError`: a network failure says nothing about which rows were written.
 */
export function summariseBulkWriteError(error: unknown, attempted: number, ordered: boolean): BulkWriteSummary {
  if (!(error instanceof MongoBulkWriteError)) throw error;
  // The driver's type allows one WriteError or a list; a write concern error comes with none.
  const failed = [error.writeErrors]
    .flat()
    .map((e): FailedRow => {
      // The driver keeps index, code, errmsg and the operation; the server's keyValue does not survive into WriteError.
      return {
        index: e.index,
        code: e.code,
        reason: e.code === 11000 ? 'duplicate-key' : 'other',
        operation: e.getOperation(),
        message: e.errmsg ?? error.message,
      };
    })
    // An unordered bulk runs inserts, updates and deletes as separate batches, so errors arrive batch by batch.
    .sort((a, b) => a.index - b.index);
  const r = error.result;
  const written = r.insertedCount + r.upsertedCount + r.matchedCount + r.deletedCount;
  const first = failed[0];
  const notAttempted =
    ordered && first ? Array.from({ length: attempted - first.index - 1 }, (_, i) => first.index + 1 + i) : [];
  return { attempted, written, failed, notAttempted };
}
