import type { z } from 'zod';
import { TodoError } from '../../workbook/todo-error.js';

/** The result of checking a body against a schema. */
export interface ContractReport {
  readonly ok: boolean;
  /** `path: what is wrong`, e.g. `createdAt: Invalid ISO datetime` or `passwordHash: not declared by the schema`. */
  readonly problems: readonly string[];
}

// TODO(05.6): walk z.toJSONSchema(schema, { io: 'output' }) beside the value:
// - an object node with `properties`: a key of the value absent from them is undeclared when
//   `additionalProperties === false` (z.object); `.loose()` objects allow extra keys; recurse into declared keys;
// - an array value with `items`: recurse into each element as `path[i]`;
// - `anyOf` (unions, nullable): only branches whose `type` fits the value's JSON type; keep the shortest result.
// Paths look like `passwordHash`, `items[1].passwordHash`, `next.debug`.
export function findUndeclaredKeys(_schema: z.ZodType, _value: unknown): string[] {
  throw new TodoError('05.6');
}

// TODO(05.6): schema.safeParse(body) issues as `path: message` (`(body)` for the root), then each undeclared key as
// `path: not declared by the schema`; ok when there are none.
export function checkContract(_schema: z.ZodType, _body: unknown): ContractReport {
  throw new TodoError('05.6');
}
