import { z } from 'zod';
import { UnprocessableMessageError } from '../../chapters/06-microservices/messaging-error.js';
import type { DeliveredMessage } from '../../chapters/06-microservices/messaging.port.js';

/** `order.placed` as the api's outbox writes it. */
export const orderPlacedEventSchema = z.object({ orderId: z.string().min(1), userId: z.string().min(1) });

/** `order.confirmed` and `order.rejected`: what the customer is told. */
export const orderOutcomeEventSchema = z.discriminatedUnion('status', [
  z.object({
    orderId: z.string().min(1),
    userId: z.string().min(1),
    status: z.literal('confirmed'),
    totalCents: z.number().int().nonnegative(),
  }),
  z.object({
    orderId: z.string().min(1),
    userId: z.string().min(1),
    status: z.literal('rejected'),
    reason: z.string().min(1),
  }),
]);

export type OrderOutcomeEvent = z.infer<typeof orderOutcomeEventSchema>;

/**
 * The message's payload, checked against `schema`. A payload that does not match can never succeed, so it is
 * refused with `UnprocessableMessageError`, which the delivery policy dead-letters at once with these details.
 *
 * @example
 * const { orderId } = parsePayload(orderPlacedEventSchema, message);
 */
export function parsePayload<Schema extends z.ZodType>(schema: Schema, message: DeliveredMessage): z.infer<Schema> {
  const parsed = schema.safeParse(message.payload);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`)
    .join('; ');
  throw new UnprocessableMessageError(
    `${message.topic} ${message.messageId} is malformed (${details}); it can never succeed`,
  );
}
