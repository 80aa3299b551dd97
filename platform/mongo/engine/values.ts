import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  deserialize,
  serialize,
} from 'bson';

/** A stored document: the deserialized form of one BSON document. */
export type Doc = Record<string, unknown>;

/** The options every BSON read in the engine uses, so values look the same wherever they come from. */
export const DESERIALIZE_OPTIONS = { promoteValues: true, promoteBuffers: false, bsonRegExp: false } as const;

/** Deep copy through BSON, which keeps ObjectId, Date, Binary and the other BSON classes intact. */
export function cloneDoc(doc: Doc): Doc {
  return deserialize(serialize(doc, { ignoreUndefined: true }), DESERIALIZE_OPTIONS);
}

/** MongoDB's comparison rank of a value's BSON type (numbers of every width share one rank). */
export function typeRank(v: unknown): number {
  // The common primitive types first: this runs on every index comparison.
  if (typeof v === 'string') return 4;
  if (typeof v === 'number') return 3;
  if (typeof v === 'boolean') return 9;
  if (v instanceof ObjectId) return 8;
  if (v instanceof MinKey) return 1;
  if (v === null || v === undefined) return 2;
  if (typeof v === 'number' || typeof v === 'bigint') return 3;
  if (v instanceof Long || v instanceof Int32 || v instanceof Double || v instanceof Decimal128) return 3;
  if (typeof v === 'string' || v instanceof BSONSymbol) return 4;
  if (Array.isArray(v)) return 6;
  if (v instanceof Binary || Buffer.isBuffer(v) || v instanceof Uint8Array) return 7;
  if (v instanceof ObjectId) return 8;
  if (typeof v === 'boolean') return 9;
  if (v instanceof Date) return 10;
  if (v instanceof Timestamp) return 11;
  if (v instanceof RegExp || v instanceof BSONRegExp) return 12;
  if (v instanceof MaxKey) return 13;
  return 5; // embedded document
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Int32 || v instanceof Double) return v.valueOf();
  if (v instanceof Decimal128) return Number(v.toString());
  return Number.NaN;
}

function compareScalars(a: number | string, b: number | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Binary) return v.value();
  return v as Uint8Array;
}

/** Compares two BSON values in MongoDB's sort order (type order first, then value). */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 3: {
      const x = toNumber(a);
      const y = toNumber(b);
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1; // NaN sorts first
      return compareScalars(x, y);
    }
    case 4:
      return compareScalars(String(a), String(b));
    case 5:
      return compareDocs(a as Doc, b as Doc);
    case 6: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i]);
        if (c !== 0) return c;
      }
      return compareScalars(x.length, y.length);
    }
    case 7: {
      const x = bytesOf(a);
      const y = bytesOf(b);
      if (x.length !== y.length) return x.length < y.length ? -1 : 1;
      const sa = a instanceof Binary ? a.sub_type : 0;
      const sb = b instanceof Binary ? b.sub_type : 0;
      if (sa !== sb) return sa < sb ? -1 : 1;
      return Buffer.compare(x, y);
    }
    case 8:
      return Buffer.compare((a as ObjectId).id, (b as ObjectId).id);
    case 9:
      return compareScalars(Number(a), Number(b));
    case 10:
      return compareScalars((a as Date).getTime(), (b as Date).getTime());
    case 11:
      return (a as Timestamp).compare(b as Timestamp);
    case 12:
      return compareScalars(String(a), String(b));
    default:
      return 0;
  }
}

function compareDocs(a: Doc, b: Doc): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const fa = ka[i] as string;
    const fb = kb[i] as string;
    const rt = typeRank(a[fa]) - typeRank(b[fb]);
    if (rt !== 0) return rt < 0 ? -1 : 1;
    const rn = compareScalars(fa, fb);
    if (rn !== 0) return rn;
    const rv = compareValues(a[fa], b[fb]);
    if (rv !== 0) return rv;
  }
  return compareScalars(ka.length, kb.length);
}

/** A string equal for equal `_id` values (1 and 1.0 match, as in MongoDB), used as the primary-key map key. */
export function idKey(v: unknown): string {
  if (typeof v === 'number') return `n${Object.is(v, -0) ? 0 : v}`;
  if (typeof v === 'string') return `s${v}`;
  if (v instanceof ObjectId) return `o${v.toHexString()}`;
  if (v instanceof Date) return `d${v.getTime()}`;
  if (v === null || v === undefined) return 'z';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Long || v instanceof Int32 || v instanceof Double) return `n${toNumber(v)}`;
  return `x${Buffer.from(serialize({ v })).toString('base64')}`;
}

/** Reads a dotted path; arrays along the way fan out (MongoDB's multikey semantics). Missing paths give `[]`. */
export function valuesAtPath(value: unknown, parts: readonly string[], from = 0): unknown[] {
  if (from === parts.length) return [value];
  if (Array.isArray(value)) {
    const part = parts[from] as string;
    const out: unknown[] = [];
    if (/^\d+$/.test(part) && Number(part) < value.length)
      out.push(...valuesAtPath(value[Number(part)], parts, from + 1));
    for (const item of value) {
      if (item !== null && typeof item === 'object' && !Array.isArray(item))
        out.push(...valuesAtPath(item, parts, from));
    }
    return out;
  }
  if (value === null || typeof value !== 'object' || isBsonScalar(value)) return [];
  const next = (value as Doc)[parts[from] as string];
  if (next === undefined) return [];
  return valuesAtPath(next, parts, from + 1);
}

/** True for BSON values stored as JS objects that are not documents (ObjectId, Date, Binary...). */
export function isBsonScalar(v: unknown): boolean {
  return typeRank(v) !== 5 && typeRank(v) !== 6;
}

/** True for a plain embedded document. */
export function isPlainDoc(v: unknown): v is Doc {
  return v !== null && typeof v === 'object' && typeRank(v) === 5;
}

/** The value sort uses for one field: arrays sort by their smallest element ascending, largest descending. */
export function sortKey(doc: Doc, parts: readonly string[], direction: 1 | -1): unknown {
  const values = valuesAtPath(doc, parts).flatMap((v) => (Array.isArray(v) ? (v.length === 0 ? [undefined] : v) : [v]));
  if (values.length === 0) return null;
  let best = values[0];
  for (const v of values) {
    const c = compareValues(v, best);
    if (direction === 1 ? c < 0 : c > 0) best = v;
  }
  return best;
}

/** Builds a comparator of documents from a MongoDB sort specification such as `{ age: -1, name: 1 }`. */
export function sortComparator(spec: Doc): (a: Doc, b: Doc) => number {
  const fields = Object.entries(spec).map(([path, dir]) => ({
    parts: path.split('.'),
    dir: (Number(dir) < 0 ? -1 : 1) as 1 | -1,
  }));
  return (a, b) => {
    for (const { parts, dir } of fields) {
      const c = compareValues(sortKey(a, parts, dir), sortKey(b, parts, dir));
      if (c !== 0) return c * dir;
    }
    return 0;
  };
}

/** Renders a value the way the shell does in error messages, e.g. `{ email: "a@b" }`. */
export function shellString(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof ObjectId) return `ObjectId('${v.toHexString()}')`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[ ${v.map(shellString).join(', ')} ]`;
  if (isPlainDoc(v)) {
    const inner = Object.entries(v).map(([k, x]) => `${k}: ${shellString(x)}`);
    return inner.length === 0 ? '{}' : `{ ${inner.join(', ')} }`;
  }
  return String(v);
}
