/**
 * Known wrong: written as if every bulk write were an insertMany: `written` counts only inserted documents, and the
 * failures are kept in the order the driver lists them, which for a mixed unordered bulk is batch by batch (inserts,
 * then updates, then deletes), not by index.
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
      return { index: e.index, code: e.code, reason: e.code === 11000 ? 'duplicate-key' : 'other', operation: e.getOperation(), message: e.errmsg ?? error.message };
    });
  const r = error.result;
  const written = r.insertedCount;
  const first = failed[0];
  const notAttempted = ordered && first ? Array.from({ length: attempted - first.index - 1 }, (_, i) => first.index + 1 + i) : [];
  return { attempted, written, failed, notAttempted };
}
