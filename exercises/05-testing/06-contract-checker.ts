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
// - in an object the schema declares: each extra key (`passwordHash`), and inside declared keys at any depth
//   (`next.debug`); an object declared `.loose()` allows extra keys, so they are not reported;
// - in arrays: inside each element (`items[1].passwordHash`);
// - in unions and nullable schemas: judge the value by the option of its JSON type (object, array, string...) that
//   leaves the fewest keys undeclared (`{ kind: 'b', b: 'x' }` fits the `b` option of a union, with nothing to
//   report; `null` for a nullable object has no keys to report);
// - values that are not objects or arrays have no keys: [].
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
