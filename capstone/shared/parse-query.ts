import type { z } from 'zod';
import { toFieldIssues } from '../../chapters/02-architecture/adapters/http/parse-body.js';
import { ValidationError } from '../../chapters/02-architecture/errors/app-error.js';

/** Parses a query string with its schema, or throws a 400 listing every bad parameter (as Chapter 2's `parseBody`). */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const fields = toFieldIssues(result.error.issues);
  throw new ValidationError(
    `The query is not valid: ${fields.map((f) => `${f.field} (${f.rule})`).join(', ')}`,
    fields,
  );
}
