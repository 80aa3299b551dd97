/** The three counts `explain('executionStats')` reports under `executionStats`. */
export interface ExecutionCounts {
  readonly nReturned: number;
  readonly totalKeysExamined: number;
  readonly totalDocsExamined: number;
}

const FIELDS = ['nReturned', 'totalKeysExamined', 'totalDocsExamined'] as const;

/** The work a query did for each document it returned, from the larger of its two examined counts. */
export function examinedPerReturned(counts: ExecutionCounts): number {
  for (const field of FIELDS) {
    const value = counts[field];
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${field} must be an integer >= 0, got ${value}`);
  }
  const examined = Math.max(counts.totalKeysExamined, counts.totalDocsExamined);
  if (counts.nReturned > examined) {
    throw new RangeError(`nReturned (${counts.nReturned}) cannot exceed the documents or keys examined (${examined})`);
  }
  if (examined === 0) return 0;
  return examined / counts.nReturned;
}
