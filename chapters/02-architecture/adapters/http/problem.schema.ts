import { z } from 'zod';

// #region problem-schema
/**
 * The one schema of an error body (RFC 9457), as `problemDetails()` writes it: the standard members, the stable
 * `code`, and on a 400 the broken rules in `errors`. Loose, because extension members (`limitBytes`, ...) are allowed.
 * The OpenAPI documents publish it as `Problem`; Chapter 5's contract checks responses against it.
 */
export const problemDocument = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    errors: z.array(z.object({ field: z.string(), rule: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .meta({ description: 'A problem document (RFC 9457); `code` is stable, `errors` lists broken rules on a 400' });
// #endregion problem-schema
