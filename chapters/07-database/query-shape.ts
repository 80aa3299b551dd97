/**
 * Query shapes: a query with its values removed. `{ email: 'a@x' }` and `{ email: 'b@y' }` are one shape, so
 * statistics keyed by shape stay as small as the number of distinct queries the code can send, not the number of
 * distinct values users type.
 */
import type { Document } from 'mongodb';

/** Stands for a removed value. */
export const VALUE = '?';

/** A filter with every value replaced by `VALUE`; field names, operators and logical structure are kept. */
export type ShapeValue = typeof VALUE | ShapeDoc | ShapeValue[];
export interface ShapeDoc {
  [key: string]: ShapeValue;
}

/** What a recorded query looked like: where it ran, what it asked, never what values it asked for. */
export interface QueryShape {
  /** `db.collection` */
  readonly namespace: string;
  readonly operation: string;
  readonly filter: ShapeDoc;
  /** Sort fields in order, with their direction (`1`, `-1`, or `'meta'` for `{ $meta: ... }`). */
  readonly sort?: ReadonlyArray<readonly [string, 1 | -1 | 'meta']>;
  /** Projection field names with 1 (include) or 0 (exclude); operators such as `$slice` become `VALUE`. */
  readonly projection?: Readonly<Record<string, 0 | 1 | typeof VALUE>>;
  /** For aggregate: the stage names in order. */
  readonly pipeline?: readonly string[];
}

const LOGICAL = new Set(['$and', '$or', '$nor']);
/** Operators whose operand is itself a filter or an operator document, so its structure is kept. */
const NESTED = new Set(['$not', '$elemMatch']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isOperatorDoc(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function operatorShape(ops: Record<string, unknown>): ShapeDoc {
  const out: ShapeDoc = {};
  for (const [op, operand] of Object.entries(ops)) {
    if (NESTED.has(op) && isPlainObject(operand)) {
      out[op] = isOperatorDoc(operand) ? operatorShape(operand) : filterShape(operand);
    } else {
      // $in: [1, 2, 3] and $in: [4] are one shape: the list length is a value too.
      out[op] = VALUE;
    }
  }
  return out;
}

// #region filter-shape
/**
 * The shape of a filter: values become `VALUE`, a regular expression becomes `{ $regex: VALUE }`.
 *
 * @example
 * filterShape({ age: { $gte: 18 }, status: 'active' }) // { age: { $gte: '?' }, status: '?' }
 */
export function filterShape(filter: Readonly<Record<string, unknown>>): ShapeDoc {
  const out: ShapeDoc = {};
  for (const [key, value] of Object.entries(filter)) {
    if (LOGICAL.has(key) && Array.isArray(value)) {
      out[key] = value.map((branch) => (isPlainObject(branch) ? filterShape(branch) : VALUE));
    } else if (key.startsWith('$')) {
      // $expr, $where, $text, $comment...: their contents are values (or code), not index material.
      out[key] = VALUE;
    } else if (value instanceof RegExp) {
      out[key] = { $regex: VALUE };
    } else if (isOperatorDoc(value)) {
      out[key] = operatorShape(value);
    } else {
      out[key] = VALUE;
    }
  }
  return out;
}
// #endregion filter-shape

/** The driver sends `sort` as a Map (order matters and a Map keeps it); tests and logs may hold a plain object. */
function entriesOf(value: unknown): Array<[string, unknown]> | undefined {
  if (value instanceof Map) return [...(value as Map<unknown, unknown>).entries()].map(([k, v]) => [String(k), v]);
  return isPlainObject(value) ? Object.entries(value) : undefined;
}

function sortShape(sort: unknown): QueryShape['sort'] {
  const list = entriesOf(sort);
  if (!list) return undefined;
  const entries = list.map(([field, dir]) => {
    const direction: 1 | -1 | 'meta' = isPlainObject(dir)
      ? 'meta'
      : Number(dir) < 0 || dir === 'desc' || dir === 'descending'
        ? -1
        : 1;
    return [field, direction] as const;
  });
  return entries.length > 0 ? entries : undefined;
}

function projectionShape(projection: unknown): QueryShape['projection'] {
  const list = entriesOf(projection);
  if (!list || list.length === 0) return undefined;
  const out: Record<string, 0 | 1 | typeof VALUE> = {};
  for (const [field, spec] of list) {
    out[field] = spec === 0 || spec === false ? 0 : spec === 1 || spec === true ? 1 : VALUE;
  }
  return out;
}

const asFilter = (value: unknown): Record<string, unknown> => (isPlainObject(value) ? value : {});
const firstStatement = (list: unknown, field: string): Record<string, unknown> =>
  Array.isArray(list) && isPlainObject(list[0]) ? asFilter(list[0][field]) : {};

/**
 * The shape of a command as the driver sends it (the `command` of a `commandStarted` event); `undefined` for
 * commands that are not queries or writes on a collection (hello, ping, endSessions, ...).
 */
export function commandShape(databaseName: string, command: Document): QueryShape | undefined {
  const operation = Object.keys(command)[0];
  if (operation === undefined) return undefined;
  const target = command[operation] as unknown;
  const ns = (collection: unknown): string => `${databaseName}.${String(collection)}`;
  switch (operation) {
    case 'find':
      return withOptional(
        { namespace: ns(target), operation, filter: filterShape(asFilter(command.filter)) },
        sortShape(command.sort),
        projectionShape(command.projection),
      );
    case 'count':
    case 'distinct':
      return { namespace: ns(target), operation, filter: filterShape(asFilter(command.query)) };
    case 'findAndModify':
      return withOptional(
        { namespace: ns(target), operation, filter: filterShape(asFilter(command.query)) },
        sortShape(command.sort),
        undefined,
      );
    case 'update':
      return { namespace: ns(target), operation, filter: filterShape(firstStatement(command.updates, 'q')) };
    case 'delete':
      return { namespace: ns(target), operation, filter: filterShape(firstStatement(command.deletes, 'q')) };
    case 'insert':
      return { namespace: ns(target), operation, filter: {} };
    case 'getMore':
      return { namespace: ns(command.collection), operation, filter: {} };
    case 'aggregate': {
      if (typeof target !== 'string') return undefined; // aggregate: 1 runs on the database ($currentOp, ...)
      const pipeline = Array.isArray(command.pipeline) ? (command.pipeline as unknown[]).filter(isPlainObject) : [];
      const [first, second] = pipeline;
      const filter = first && '$match' in first ? filterShape(asFilter(first.$match)) : {};
      const sort =
        second && first && '$match' in first && '$sort' in second
          ? sortShape(second.$sort)
          : first && '$sort' in first
            ? sortShape(first.$sort)
            : undefined;
      const shape: QueryShape = {
        namespace: ns(target),
        operation,
        filter,
        pipeline: pipeline.map((stage) => Object.keys(stage)[0] ?? '?'),
      };
      return sort ? { ...shape, sort } : shape;
    }
    default:
      return undefined;
  }
}

function withOptional(shape: QueryShape, sort: QueryShape['sort'], projection: QueryShape['projection']): QueryShape {
  return { ...shape, ...(sort ? { sort } : {}), ...(projection ? { projection } : {}) };
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical(value[k])]),
    );
  }
  return value;
}

/**
 * A stable string for a shape. Field order inside a filter does not change what MongoDB does, so keys are sorted;
 * sort order does, so the sort keeps its order.
 */
export function shapeKey(shape: QueryShape): string {
  return JSON.stringify([
    shape.namespace,
    shape.operation,
    canonical(shape.filter),
    shape.sort ?? null,
    canonical(shape.projection ?? null),
    shape.pipeline ?? null,
  ]);
}
