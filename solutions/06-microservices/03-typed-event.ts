import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { MessagingError, UnprocessableMessageError } from '../../chapters/06-microservices/messaging-error.js';
import type {
  DeliveredMessage,
  MessageHandler,
  OutgoingMessage,
} from '../../chapters/06-microservices/messaging.port.js';

/** A producer tried to publish a payload its event's schema rejects. */
export class InvalidEventPayloadError extends MessagingError {
  readonly code = 'EVENT_PAYLOAD_INVALID';
}

/** Where a message comes from: the request or message being handled when it was made. */
export interface EventContext {
  readonly correlationId?: string;
  /** The current span's W3C traceparent; the event continues its trace. */
  readonly traceparent?: string;
}

export interface EventDefinition<Payload> {
  readonly topic: string;
  /** Validates the payload and builds the message, continuing the caller's trace (or starting one). */
  message(payload: Payload, context?: EventContext): OutgoingMessage<Payload>;
  /** Wraps a typed handler: a payload the schema rejects is dead-lettered at once (UnprocessableMessageError). */
  handler(handle: (payload: Payload, message: DeliveredMessage) => Promise<void>): MessageHandler;
}

/** version (not ff) - trace id (not all zeros) - parent span id (not all zeros) - flags; captures the trace id and flags. */
const TRACEPARENT = /^(?!ff)[0-9a-f]{2}-(?!0{32})([0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-([0-9a-f]{2})$/;

/**
 * The traceparent for work caused by `parent`: same trace id and flags, a new span id. Without a valid parent
 * (absent, malformed, or the all-zero ids the W3C spec forbids) a new trace starts, sampled.
 */
export function childTraceparent(parent?: string, bytes: (size: number) => Buffer = randomBytes): string {
  const spanId = bytes(8).toString('hex');
  const match = TRACEPARENT.exec(parent ?? '');
  if (match) return `00-${match[1]}-${spanId}-${match[2]}`;
  return `00-${bytes(16).toString('hex')}-${spanId}-01`;
}

/**
 * Declares an event once, with its schema, for both sides: producers build valid messages, consumers receive
 * typed, validated payloads.
 *
 * @example
 * const orderPlaced = defineEvent('order.placed', z.object({ orderId: z.string(), totalCents: z.number().int() }));
 * await bus.publish(orderPlaced.message({ orderId: 'o-1', totalCents: 100 }, { traceparent }));
 * await bus.subscribe({ group: 'billing', topics: [orderPlaced.topic] }, orderPlaced.handler(async (order) => charge(order)));
 */
export function defineEvent<Schema extends z.ZodType>(topic: string, schema: Schema): EventDefinition<z.infer<Schema>> {
  return {
    topic,
    message(payload, context = {}) {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        throw new InvalidEventPayloadError(`cannot publish "${topic}": ${z.prettifyError(parsed.error)}`);
      }
      return {
        topic,
        payload: parsed.data,
        traceparent: childTraceparent(context.traceparent),
        ...(context.correlationId === undefined ? {} : { correlationId: context.correlationId }),
      };
    },
    handler(handle) {
      return async (message) => {
        const parsed = schema.safeParse(message.payload);
        if (!parsed.success) {
          throw new UnprocessableMessageError(
            `message ${message.messageId} on "${topic}" does not match its schema: ${z.prettifyError(parsed.error)}`,
          );
        }
        await handle(parsed.data, message);
      };
    },
  };
}
