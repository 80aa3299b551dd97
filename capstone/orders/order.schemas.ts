import { z } from 'zod';
import { resourceId } from '../catalog/product.schemas.js';

/** Lines per order and units per line: bounds that keep one request's work small. */
export const MAX_ORDER_LINES = 20;
export const MAX_LINE_QUANTITY = 1_000;

// #region schemas
export const placeOrderBody = z
  .object({
    items: z
      .array(z.object({ productId: resourceId, quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY) }).strict())
      .min(1)
      .max(MAX_ORDER_LINES)
      .refine((items) => new Set(items.map((item) => item.productId.toLowerCase())).size === items.length, {
        message: 'each product may appear once; add up the quantities instead',
      }),
  })
  .strict()
  .meta({ description: 'Place an order; send an Idempotency-Key header so a retry cannot order twice' });

export const orderAccepted = z
  .object({ id: resourceId, status: z.literal('pending') })
  .meta({ description: 'The order was recorded; the worker confirms or rejects it shortly' });

export const orderStatus = z.enum(['pending', 'confirmed', 'rejected']);

export const invoiceResponse = z.object({
  number: z.string(),
  lines: z.array(
    z.object({
      productId: resourceId,
      name: z.string(),
      quantity: z.number().int(),
      unitPriceCents: z.number().int(),
      lineTotalCents: z.number().int(),
    }),
  ),
  subtotalCents: z.number().int(),
  taxCents: z.number().int(),
  totalCents: z.number().int(),
  issuedAt: z.iso.datetime(),
});

export const orderResponse = z
  .object({
    id: resourceId,
    status: orderStatus,
    items: z.array(
      z.object({
        productId: resourceId,
        name: z.string(),
        quantity: z.number().int(),
        unitPriceCents: z.number().int(),
      }),
    ),
    reason: z.string().optional().meta({ description: 'Why the order was rejected' }),
    invoice: invoiceResponse.optional().meta({ description: 'Present once the order is confirmed' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ description: 'An order as its owner sees it' });
// #endregion schemas

export type PlaceOrderBody = z.infer<typeof placeOrderBody>;
export type OrderResponse = z.infer<typeof orderResponse>;
export type OrderStatus = z.infer<typeof orderStatus>;
