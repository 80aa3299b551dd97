/**
 * Known wrong: sends a Map as a plain object. String keys survive, but every other key becomes a string (2 becomes
 * "2", true becomes "true"), so `map.get(2)` finds nothing after the round trip.
 */
import type { CodecTag } from '../../../chapters/04-performance/value-codec.js';

/** BigInts travel as decimal strings: exact at any size, and readable in `redis-cli`. */
export const bigintTag: CodecTag<bigint> = {
  name: 'bigint',
  matches: (value): value is bigint => typeof value === 'bigint',
  encode: (value) => value.toString(),
  decode: (wire) => BigInt(wire as string),
};

/**
 * A Map travels as its list of [key, value] pairs, in insertion order. The codec encodes that list in turn, so keys
 * and values may be Dates, BigInts or other Maps.
 */
export const mapTag: CodecTag<Map<unknown, unknown>> = {
  name: 'map',
  matches: (value): value is Map<unknown, unknown> => value instanceof Map,
  encode: (map) => Object.fromEntries(map),
  decode: (wire) => new Map(Object.entries(wire as Record<string, unknown>)),
};
