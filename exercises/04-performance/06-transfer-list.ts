import { TodoError } from '../../workbook/todo-error.js';

/**
 * The ArrayBuffers in `data` that can be moved to a worker instead of copied: ArrayBuffers themselves, and the buffer
 * behind a typed array or DataView when the view covers all of it. A view over part of a buffer (a small Node Buffer
 * sits in a shared 8 KiB slab) is left to be copied, since moving its buffer would take the other data with it.
 * SharedArrayBuffers are shared already and never listed. Each buffer appears once; cycles are fine.
 */
export function collectTransferables(_data: unknown): ArrayBuffer[] {
  // TODO(04.6): walk data (plain objects, arrays, Maps keys and values, Sets) and collect what the JSDoc describes.
  // ArrayBuffer.isView(x) recognises typed arrays, Buffers and DataViews; compare byteOffset and byteLength with the buffer's.
  throw new TodoError('04.6');
}
