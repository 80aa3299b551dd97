import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerPool, type WorkerPool } from '../../../chapters/04-performance/worker-pool.js';
import { collectTransferables } from '#exercise/04-performance/06-transfer-list';

describe('04.6 a transfer list for a task', () => {
  it('finds ArrayBuffers and the buffers of whole typed arrays, at any depth', () => {
    const raw = new ArrayBuffer(8);
    const pixels = new Uint8Array(16);
    const floats = new Float64Array(4);
    const found = collectTransferables({ raw, image: { pixels }, series: [floats] });
    expect(found).toHaveLength(3);
    expect(found).toEqual(expect.arrayContaining([raw, pixels.buffer, floats.buffer]));
  });

  it('lists a buffer once even when several views and a cycle reach it', () => {
    const buffer = new ArrayBuffer(32);
    const data: Record<string, unknown> = { a: new Uint8Array(buffer), b: new DataView(buffer), c: buffer };
    data.self = data;
    expect(collectTransferables(data)).toEqual([buffer]);
  });

  it('leaves out a view over part of a buffer, such as a small pooled Node Buffer', () => {
    const pooled = Buffer.from('hello');
    const slice = new Uint8Array(new ArrayBuffer(64), 8, 16);
    expect(pooled.byteLength).toBeLessThan(pooled.buffer.byteLength);
    expect(collectTransferables({ pooled, slice })).toEqual([]);
  });

  it('leaves out a view that starts at the beginning but stops short, and one that starts late', () => {
    const head = new Uint8Array(new ArrayBuffer(64), 0, 16);
    const tail = new Float32Array(new ArrayBuffer(64), 8);
    expect(collectTransferables({ head, tail })).toEqual([]);
  });

  it('lists the buffer of a Node Buffer that owns all of its memory', () => {
    const own = Buffer.alloc(16 * 1024);
    expect(collectTransferables([own])).toEqual([own.buffer]);
  });

  it('never lists a SharedArrayBuffer', () => {
    const shared = new SharedArrayBuffer(8);
    expect(collectTransferables({ shared, view: new Int32Array(shared) })).toEqual([]);
  });

  it('looks inside Maps and Sets', () => {
    const key = new Uint8Array(4);
    const value = new ArrayBuffer(4);
    const member = new Uint16Array(2);
    const found = collectTransferables({ map: new Map([[key, value]]), set: new Set([member]) });
    expect(found).toEqual(expect.arrayContaining([key.buffer, value, member.buffer]));
    expect(found).toHaveLength(3);
  });

  it('returns an empty list for data without buffers', () => {
    expect(collectTransferables({ name: 'report', pages: [1, 2, 3], at: new Date(0) })).toEqual([]);
  });

  it('takes null, undefined and plain values anywhere, the data itself included', () => {
    expect(
      collectTransferables({ none: null, missing: undefined, list: [null, 1, 'x'], map: new Map([[null, undefined]]) }),
    ).toEqual([]);
    expect(collectTransferables(null)).toEqual([]);
    expect(collectTransferables(42)).toEqual([]);
  });

  it('accepts a buffer or a view given as the data itself', () => {
    const raw = new ArrayBuffer(4);
    const view = new Uint8Array(8);
    expect(collectTransferables(raw)).toEqual([raw]);
    expect(collectTransferables(view)).toEqual([view.buffer]);
  });

  describe('with the chapter pool', () => {
    let pool: WorkerPool | undefined;
    afterEach(async () => {
      await pool?.destroy();
    });

    it('moves the buffers to the worker: they are detached in the caller afterwards', async () => {
      pool = createWorkerPool({ size: 1 });
      const data = { bytes: new Uint8Array([1, 2, 3]).buffer };
      const transfer = collectTransferables(data);
      const invert = new URL('../../chapters/04-performance/fixtures/tasks/invert-bytes.ts', import.meta.url);
      const result = await pool.run<{ bytes: ArrayBuffer }>({ module: invert, data, transfer });
      expect(data.bytes.byteLength).toBe(0);
      expect([...new Uint8Array(result.bytes)]).toEqual([254, 253, 252]);
    });
  });
});
