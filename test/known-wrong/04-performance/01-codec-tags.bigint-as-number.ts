/**
 * Known wrong: sends a BigInt as a JSON number. Small ones survive, but a double holds only 53 bits: 10n ** 30n comes
 * back as 1000000000000000019884624838656n.
 */
import type { CodecTag } from '../../../chapters/04-performance/value-codec.js';

/** BigInts travel as decimal strings: exact at any size, and readable in `redis-cli`. */
export const bigintTag: CodecTag<bigint> = {
  name: 'bigint',
  matches: (value): value is bigint => typeof value === 'bigint',
  encode: (value) => Number(value),
  decode: (wire) => BigInt(wire as number),
};

/**
 * A Map travels as its list of [key, value] pairs, in insertion order. The codec encodes that list in turn, so keys
 * and values may be Dates, BigInts or other Maps.
 */
export const mapTag: CodecTag<Map<unknown, unknown>> = {
  name: 'map',
  matches: (value): value is Map<unknown, unknown> => value instanceof Map,
  encode: (map) => [...map.entries()],
  decode: (wire) => new Map(wire as [unknown, unknown][]),
};
