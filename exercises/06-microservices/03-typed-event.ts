import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { MessagingError } from '../../chapters/06-microservices/messaging-error.js';
import type { DeliveredMessage, MessageHandler, OutgoingMessage } from '../../chapters/06-microservices/messaging.port.js';
import { TodoError } from '../../workbook/todo-error.js';

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

/**
 * The traceparent for work caused by `parent`: same trace id and flags, a new span id. Without a valid parent
 * (absent, malformed, or the all-zero ids the W3C spec forbids) a new trace starts, sampled.
 */
export function childTraceparent(_parent?: string, _bytes: (size: number) => Buffer = randomBytes): string {
  // TODO(06.3): parse 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>; keep the trace id and flags with a new
  // span id from _bytes(8); otherwise start a trace: 00-<_bytes(16)>-<_bytes(8)>-01.
  throw new TodoError('06.3');
}

/** Declares an event once, with its schema, for both sides. */
export function defineEvent<Schema extends z.ZodType>(_topic: string, _schema: Schema): EventDefinition<z.infer<Schema>> {
  // TODO(06.3): message() validates with the schema (InvalidEventPayloadError naming the failing field) and sets
  // traceparent with childTraceparent; handler() validates incoming payloads and throws UnprocessableMessageError.
  throw new TodoError('06.3');
}
