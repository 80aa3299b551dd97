import { PerformanceError } from './performance-error.js';

// #region tags
/**
 * Teaches the codec one more type. `encode` returns something the codec can encode in turn (so a Map's entries may
 * hold Dates), and `decode` receives that thing already decoded.
 */
export interface CodecTag<T = unknown> {
  /** Stored on the wire: `{"$t": name, "v": ...}`. Never change it once values are cached under it. */
  readonly name: string;
  // Method syntax on purpose: a `CodecTag<Date>` must fit in a `CodecTag[]`.
  matches(value: unknown): value is T;
  encode(value: T): unknown;
  decode(wire: unknown): T;
}

/** Dates travel as ISO strings and come back as Dates, from L1 and from L2 alike. */
export const dateTag: CodecTag<Date> = {
  name: 'date',
  matches: (value): value is Date => value instanceof Date,
  encode: (date) => {
    if (Number.isNaN(date.getTime())) throw new TypeError('an Invalid Date cannot be cached');
    return date.toISOString();
  },
  decode: (wire) => new Date(wire as string),
};
// #endregion tags

/** Thrown by `encode` (so by the cache's `set`) for a value the codec cannot carry faithfully. */
export class UnencodableValueError extends PerformanceError {
  readonly code = 'CACHE_VALUE_UNENCODABLE';

  constructor(
    readonly path: string,
    readonly kind: string,
    allowed: string,
  ) {
    super(`cannot cache ${kind} at ${path}: the cache carries ${allowed}`);
  }
}

/** Thrown by `decode` for text this codec did not write (a foreign key, a tag this process does not know). */
export class UndecodableValueError extends PerformanceError {
  readonly code = 'CACHE_VALUE_UNDECODABLE';
}

export interface ValueCodec {
  /** Text for Redis. Throws UnencodableValueError for functions, symbols, undefined, class instances... */
  encode(value: unknown): string;
  decode(text: string): unknown;
}

const TAG = '$t';
const plainPrototypes = new Set<unknown>([Object.prototype, null]);

// #region codec
/**
 * Tagged JSON: plain JSON where JSON is exact, `{"$t": tag, "v": ...}` where it is not (Dates, NaN, -0, and any
 * extra `tags`). A plain object that itself has a `$t` key is wrapped too, so no data can pass for a tag.
 *
 * @example
 * const codec = createValueCodec();
 * codec.decode(codec.encode({ at: new Date(0), count: 0 })); // { at: Date(1970-01-01), count: 0 }
 */
export function createValueCodec(tags: readonly CodecTag[] = []): ValueCodec {
  const all: readonly CodecTag[] = [dateTag, ...tags];
  const byName = new Map(all.map((tag) => [tag.name, tag]));
  const allowed = `JSON values (null, booleans, finite or non-finite numbers, strings, arrays, plain objects)${all
    .map((tag) => `, ${tag.name}`)
    .join('')}`;

  const toWire = (value: unknown, path: string): unknown => {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        if (Number.isFinite(value) && !Object.is(value, -0)) return value;
        return { [TAG]: 'number', v: String(Object.is(value, -0) ? '-0' : value) };
      case 'object':
        break;
      default: {
        const tag = all.find((candidate) => candidate.matches(value));
        if (tag) return { [TAG]: tag.name, v: toWire(tag.encode(value), `${path}<${tag.name}>`) };
        throw new UnencodableValueError(path, describe(value), allowed);
      }
    }
    if (value === null) return null;
    const tag = all.find((candidate) => candidate.matches(value));
    if (tag) return { [TAG]: tag.name, v: toWire(tag.encode(value), `${path}<${tag.name}>`) };
    if (Array.isArray(value)) return value.map((item, index) => toWire(item, `${path}[${index}]`));
    if (!plainPrototypes.has(Object.getPrototypeOf(value)))
      throw new UnencodableValueError(path, describe(value), allowed);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // Like JSON, a property holding undefined is left out: `{a: undefined}` and `{}` read the same.
      if (item !== undefined) setOwn(out, key, toWire(item, `${path}.${key}`));
    }
    return TAG in out ? { [TAG]: 'object', v: out } : out;
  };

  const fromWire = (wire: unknown): unknown => {
    if (wire === null || typeof wire !== 'object') return wire;
    if (Array.isArray(wire)) return wire.map(fromWire);
    const record = wire as Record<string, unknown>;
    const name = record[TAG];
    if (name === undefined) return mapValues(record, fromWire);
    if (name === 'object') return mapValues(record.v as Record<string, unknown>, fromWire);
    if (name === 'number') return Number(record.v);
    const tag = typeof name === 'string' ? byName.get(name) : undefined;
    if (!tag)
      throw new UndecodableValueError(`cached value has tag ${JSON.stringify(name)}, which this codec does not know`);
    return tag.decode(fromWire(record.v));
  };

  return {
    encode: (value) => {
      if (value === undefined)
        throw new UnencodableValueError('value', 'undefined', `${allowed} (cache null for "known to be absent")`);
      return JSON.stringify(toWire(value, 'value'));
    },
    decode: (text) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new UndecodableValueError(`cached text is not tagged JSON: ${JSON.stringify(text.slice(0, 40))}`, {
          cause: error,
        });
      }
      return fromWire(parsed);
    },
  };
}
// #endregion codec

function mapValues(record: Record<string, unknown>, map: (value: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) setOwn(out, key, map(value));
  return out;
}

/** `out[key] = value`, except that a key named `__proto__` stays data instead of replacing the prototype. */
function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'bigint') return 'a BigInt';
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return `an instance of ${name ?? 'an unknown class'}`;
}
