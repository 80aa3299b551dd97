import { z } from 'zod';
import { hasUnprintable } from '../../chapters/02-architecture/domain/printable-text.js';

/** Product and order ids are UUIDs chosen by the server; anything else cannot name one. */
export const resourceId = z.uuid().meta({ description: 'A UUID chosen by the server' });

// #region schemas
/** `POST /api/products` (admins). Prices are whole cents: money is never a binary float. */
export const createProductBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .refine((name) => !hasUnprintable(name), 'name must not contain control or bidi characters'),
    priceCents: z.number().int().min(0).max(100_000_000),
    stock: z.number().int().min(0).max(1_000_000),
  })
  .strict()
  .meta({ description: 'A new product' });

export const productResponse = z
  .object({
    id: resourceId,
    name: z.string(),
    priceCents: z.number().int(),
    stock: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .meta({ description: 'A product of the catalogue' });

/** Query of `GET /api/products`: keyset pagination (Chapter 7), so page 1,000 costs what page 1 costs. */
export const listProductsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    after: z.string().min(1).max(512).optional().meta({ description: 'The `next` value of the previous page' }),
  })
  .meta({ description: 'Keyset pagination' });

export const productPage = z
  .object({
    items: z.array(productResponse),
    next: z.string().nullable().meta({ description: 'Pass as `after` for the next page; null on the last page' }),
  })
  .meta({ description: 'One page of products, ordered by name (names are unique)' });
// #endregion schemas

export type CreateProductBody = z.infer<typeof createProductBody>;
export type ProductResponse = z.infer<typeof productResponse>;
export type ProductPage = z.infer<typeof productPage>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a string that can be a product or order id; routes answer 404 for anything else. */
export function isResourceId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
