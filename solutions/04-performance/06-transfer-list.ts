/**
 * The ArrayBuffers in `data` that can be moved to a worker instead of copied: ArrayBuffers themselves, and the buffer
 * behind a typed array or DataView when the view covers all of it. A view over part of a buffer (a small Node Buffer
 * sits in a shared 8 KiB slab) is left to be copied, since moving its buffer would take the other data with it.
 * SharedArrayBuffers are shared already and never listed. Each buffer appears once; cycles are fine.
 */
export function collectTransferables(data: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (value instanceof ArrayBuffer) {
      found.add(value);
      return;
    }
    if (ArrayBuffer.isView(value)) {
      const buffer = value.buffer;
      // A view as long as its buffer covers all of it (it cannot start late and still be that long).
      if (buffer instanceof ArrayBuffer && value.byteLength === buffer.byteLength) found.add(buffer);
      return;
    }
    if (value instanceof Map) {
      for (const [key, item] of value) {
        visit(key);
        visit(item);
      }
      return;
    }
    if (value instanceof Set || Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    for (const item of Object.values(value)) visit(item);
  };
  visit(data);
  return [...found];
}
