// The chunked sorted structure behind every index, checked against a plain sorted array, and the index scans built
// on it: order, ranges from both ends and equality runs must not notice where one chunk ends and the next begins.
import { describe, expect, it } from 'vitest';
import { ChunkedList, MAX_CHUNK } from '../../../platform/mongo/engine/chunked-list.js';
import { runQuery } from '../../../platform/mongo/engine/query.js';
import { Collection } from '../../../platform/mongo/engine/store.js';

/** mulberry32: a tiny seeded generator, so a failure reproduces. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Item {
  key: number;
  id: number;
}

const order = (a: Item, b: Item): number => a.key - b.key || a.id - b.id;
const before =
  (probe: Item) =>
  (item: Item): boolean =>
    order(item, probe) < 0;

/** The reference: a plain array kept sorted by the same order. */
function modelInsert(model: Item[], item: Item): void {
  const at = model.findIndex((m) => order(m, item) > 0);
  model.splice(at === -1 ? model.length : at, 0, item);
}

describe('ChunkedList', () => {
  it('keeps order, positions and length equal to a sorted array through many random inserts and deletes', () => {
    const random = seededRandom(7);
    const list = new ChunkedList<Item>();
    const model: Item[] = [];
    let nextId = 0;
    for (let round = 0; round < 12_000; round++) {
      if (model.length > 0 && random() < 0.35) {
        const victim = model[Math.floor(random() * model.length)] as Item;
        expect(list.removeFirst(before(victim), (item) => (item === victim ? true : undefined))).toBe(true);
        model.splice(model.indexOf(victim), 1);
      } else {
        const item = { key: Math.floor(random() * 500), id: nextId++ };
        list.insert(item, before(item));
        modelInsert(model, item);
      }
    }
    expect(list.chunkCount).toBeGreaterThan(3);
    expect(list.length).toBe(model.length);
    expect([...list]).toEqual(model);
    for (let k = 0; k < 50; k++) {
      const position = Math.floor(random() * model.length);
      expect(list.at(position)).toBe(model[position]);
      const probe = { key: Math.floor(random() * 520) - 10, id: -1 };
      expect(list.partitionPoint(before(probe))).toBe(model.filter((m) => order(m, probe) < 0).length);
    }
    expect(list.at(-1)).toBeUndefined();
    expect(list.at(model.length)).toBeUndefined();
  });

  it('scans any position range in both directions across chunk boundaries', () => {
    const list = new ChunkedList<Item>();
    const random = seededRandom(11);
    const model: Item[] = [];
    for (let id = 0; id < MAX_CHUNK * 5; id++) {
      const item = { key: Math.floor(random() * 10_000), id };
      list.insert(item, before(item));
      modelInsert(model, item);
    }
    const ranges: Array<[number, number]> = [
      [0, model.length],
      [MAX_CHUNK / 2 - 3, MAX_CHUNK * 3 + 7],
      [model.length - 1, model.length],
      [0, 1],
      [100, 100],
      [-5, 10],
      [model.length - 10, model.length + 5],
    ];
    for (const [from, to] of ranges) {
      const expected = model.slice(Math.max(0, from), Math.max(0, to));
      expect([...list.range(from, to, 1)]).toEqual(expected);
      expect([...list.range(from, to, -1)]).toEqual([...expected].reverse());
    }
  });

  it('keeps an append-only list in full chunks, and folds chunks away as deletes empty them', () => {
    const list = new ChunkedList<Item>();
    const items = Array.from({ length: MAX_CHUNK * 4 }, (_, id) => ({ key: id, id }));
    for (const item of items) list.insert(item, before(item));
    expect(list.chunkCount).toBe(4);
    // Delete all but every 64th item: the survivors end up in a few merged chunks, still in order.
    for (const item of items) {
      if (item.id % 64 !== 0) list.removeFirst(before(item), (x) => (x === item ? true : undefined));
    }
    const survivors = items.filter((item) => item.id % 64 === 0);
    expect([...list]).toEqual(survivors);
    expect(list.chunkCount).toBe(1);
    for (const item of survivors) list.removeFirst(before(item), (x) => (x === item ? true : undefined));
    expect(list.length).toBe(0);
    expect(list.chunkCount).toBe(0);
    expect([...list.range(0, 10)]).toEqual([]);
  });

  it('removes nothing when the entry at the partition point is not the one asked for', () => {
    const list = new ChunkedList<Item>();
    const item = { key: 1, id: 1 };
    list.insert(item, before(item));
    const stranger = { key: 1, id: 1 };
    expect(list.removeFirst(before(stranger), (x) => (x === stranger ? true : undefined))).toBe(false);
    expect(list.length).toBe(1);
  });
});

describe('index scans over many chunks', () => {
  function collectionOf(count: number, seed: number): Collection {
    const coll = new Collection('test', 'chunked');
    coll.createIndex({ v: 2, key: { k: 1 }, name: 'k_1' });
    coll.createIndex({ v: 2, key: { u: 1 }, name: 'u_1', unique: true });
    const random = seededRandom(seed);
    // Random insertion order; k has few distinct values, so each equality run spans several chunks.
    const ids = Array.from({ length: count }, (_, i) => i);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
    }
    for (const i of ids) coll.insert({ _id: i, k: i % 3, u: `u${i}`, n: i });
    return coll;
  }

  it('answers an equality run longer than a chunk with exactly its keys examined, in record order', () => {
    const coll = collectionOf(MAX_CHUNK * 6, 3);
    const { records, stats } = runQuery(coll, { filter: { k: 1 } });
    expect(stats.stage).toBe('IXSCAN');
    expect(stats.keysExamined).toBe(MAX_CHUNK * 2);
    expect(stats.docsExamined).toBe(MAX_CHUNK * 2);
    const rids = records.map((r) => r.rid);
    expect(rids).toEqual([...rids].sort((a, b) => a - b));
    expect(records.every((r) => r.doc.k === 1)).toBe(true);
  });

  it('scans a range from either end, examining one key per document returned', () => {
    const coll = collectionOf(MAX_CHUNK * 4, 5);
    const filter = { n: { $gte: 500, $lt: 3500 } };
    coll.createIndex({ v: 2, key: { n: -1 }, name: 'n_-1' });
    const up = runQuery(coll, { filter, sort: { n: 1 } });
    const down = runQuery(coll, { filter, sort: { n: -1 } });
    const expected = Array.from({ length: 3000 }, (_, i) => 500 + i);
    expect(up.records.map((r) => r.doc.n)).toEqual(expected);
    expect(down.records.map((r) => r.doc.n)).toEqual([...expected].reverse());
    for (const { stats } of [up, down]) {
      expect(stats.sortPattern).toBeUndefined();
      expect(stats.keysExamined).toBe(3000);
    }
    const limited = runQuery(coll, { filter, sort: { n: -1 }, limit: 5 });
    expect(limited.records.map((r) => r.doc.n)).toEqual([3499, 3498, 3497, 3496, 3495]);
    expect(limited.stats.keysExamined).toBe(5);
  });

  it('still refuses duplicates and finds every key after removals and replacements across chunks', () => {
    const coll = collectionOf(MAX_CHUNK * 3, 9);
    for (let i = 0; i < MAX_CHUNK * 3; i += 2) coll.remove(coll.byId(i) as NonNullable<ReturnType<Collection['byId']>>);
    const survivor = coll.byId(2001);
    expect(survivor).toBeDefined();
    expect(() => coll.insert({ _id: 'dup', u: 'u2001' })).toThrow(/E11000/);
    expect(() => coll.insert({ _id: 'free', u: 'u2000' })).not.toThrow();
    coll.replace(survivor as NonNullable<typeof survivor>, { _id: 2001, k: 9, u: 'u2001-renamed', n: 2001 });
    expect(runQuery(coll, { filter: { u: 'u2001' } }).records).toHaveLength(0);
    expect(runQuery(coll, { filter: { u: 'u2001-renamed' } }).stats.keysExamined).toBe(1);
    const odd = runQuery(coll, { filter: { k: { $gte: 0 } }, sort: { k: 1 } });
    expect(odd.stats.keysExamined).toBe(odd.records.length);
    expect(odd.records).toHaveLength((MAX_CHUNK * 3) / 2);
  });
});
