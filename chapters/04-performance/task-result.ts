import type { TransferListItem } from 'node:worker_threads';

const marker = Symbol.for('advanced-nodejs-workbook.pool.transfer');

export interface TransferredResult {
  readonly [marker]: readonly TransferListItem[];
  readonly value: unknown;
}

/**
 * For a task module: return `value` to the caller and move (not copy) `transfer` with it. The buffers become unusable
 * in the worker, which is the point: a large result crosses threads without a copy.
 *
 * @example
 * export default function invert(data: { bytes: ArrayBuffer }) {
 *   const out = new Uint8Array(data.bytes).map((b) => 255 - b);
 *   return transferResult({ bytes: out.buffer }, [out.buffer]);
 * }
 */
export function transferResult<T>(value: T, transfer: readonly TransferListItem[]): T {
  return { [marker]: transfer, value } as unknown as T;
}

/** The worker side: splits what a task returned into the value and its transfer list. */
export function unwrapResult(result: unknown): { value: unknown; transfer: readonly TransferListItem[] } {
  if (result !== null && typeof result === 'object' && marker in result) {
    const wrapped = result as TransferredResult;
    return { value: wrapped.value, transfer: wrapped[marker] };
  }
  return { value: result, transfer: [] };
}
