import { TodoError } from '../../workbook/todo-error.js';

/**
 * The ArrayBuffers in `data` that can be moved to a worker instead of copied: ArrayBuffers themselves, and the buffer
 * behind a typed array or DataView when the view covers all of it. A view over part of a buffer (a small Node Buffer
 * sits in a shared 8 KiB slab) is left to be copied, since moving its buffer would take the other data with it.
 * SharedArrayBuffers are shared already and never listed. Each buffer appears once; cycles are fine.
 */
export function collectTransferables(_data: unknown): ArrayBuffer[] {
  // TODO(04.6): return the buffers the JSDoc describes, found anywhere in `data`: in plain objects' values, arrays,
  // Map keys and values, and Set members, at any depth (`data` itself may be one). Other values are skipped.
  throw new TodoError('04.6');
}
