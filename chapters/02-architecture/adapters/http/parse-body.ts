import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../../errors/app-error.js';

/** zod issues as the error model's field issues: the dotted path, the zod issue code, zod's message. */
export function toFieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => ({
    field: issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.'),
    rule: issue.code,
    message: issue.message,
  }));
}

/**
 * Parses a request body with its schema, or throws a `ValidationError` listing every field that is wrong.
 * A missing or non-object body gives a 400 like any other invalid body, never a `TypeError` and a 500.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields = toFieldIssues(result.error.issues);
  throw new ValidationError(
    `The request body is not valid: ${fields.map((f) => `${f.field} (${f.rule})`).join(', ')}`,
    fields,
  );
}
