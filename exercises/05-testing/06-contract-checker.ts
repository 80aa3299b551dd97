import type { z } from 'zod';
import { TodoError } from '../../workbook/todo-error.js';

/** The result of checking a body against a schema. */
export interface ContractReport {
  readonly ok: boolean;
  /** `path: what is wrong`, e.g. `createdAt: Invalid ISO datetime` or `passwordHash: not declared by the schema`. */
  readonly problems: readonly string[];
}

/**
 * Keys in `value` that the schema does not declare, at any depth. `z.object` strips unknown keys when it parses, so
 * `schema.parse(body)` alone never notices a password hash riding along.
 */
// TODO(05.6): return the path of every key of `value` that the schema's output type does not declare, in the order
// the keys appear in the value:
// - in an object: each key its schema does not declare (`passwordHash`), and, inside declared keys, at any depth
//   (`next.debug`); `.loose()` objects allow any extra key; the values of a z.record(), and the extra keys of a
//   `.catchall(schema)` object, are checked against that schema;
// - in arrays: inside each element (`items[1].passwordHash`);
// - in unions (discriminated ones too) and nullable schemas: judge the value by the option of its JSON type (object
//   or array) that leaves the fewest keys undeclared, the first of them on a tie (`{ kind: 'b', b: 'x' }` fits the
//   `b` option of a union and has nothing to report; `null` for a nullable object has no keys);
// - a value with no keys (null, a string, a number...) or one no option fits: nothing to report.
export function findUndeclaredKeys(_schema: z.ZodType, _value: unknown): string[] {
  throw new TodoError('05.6');
}

/** Checks a response body against its schema: what the schema itself rejects, and every undeclared key. */
// TODO(05.6): problems lists first each issue the schema reports for the body, as `path: message` (path segments
// joined with dots, `(body)` when the issue is about the body itself), then each undeclared key as
// `path: not declared by the schema`; ok is true when there are none.
export function checkContract(_schema: z.ZodType, _body: unknown): ContractReport {
  throw new TodoError('05.6');
}
