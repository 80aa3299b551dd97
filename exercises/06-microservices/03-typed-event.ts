import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { MessagingError } from '../../chapters/06-microservices/messaging-error.js';
import type {
  DeliveredMessage,
  MessageHandler,
  OutgoingMessage,
} from '../../chapters/06-microservices/messaging.port.js';
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
  // TODO(06.3): a valid parent reads <version>-<trace id>-<span id>-<flags>, in lower-case hex of 2, 32, 16 and 2
  // digits, with a version other than ff and neither id all zeros. For one, return
  // `00-<its trace id>-<new span id>-<its flags>`; otherwise `00-<new trace id>-<new span id>-01`. New ids are the
  // hex of the bytes `_bytes` returns: 8 for a span id, 16 for a trace id.
  throw new TodoError('06.3');
}

/** Declares an event once, with its schema, for both sides. */
export function defineEvent<Schema extends z.ZodType>(
  _topic: string,
  _schema: Schema,
): EventDefinition<z.infer<Schema>> {
  // TODO(06.3): return the event's definition:
  // - topic: the topic;
  // - message(payload, context): throws InvalidEventPayloadError naming each failing field when the schema rejects the
  //   payload; else { topic, payload as the schema outputs it, traceparent: a child of context.traceparent (a new
  //   trace without one), correlationId: only when the context has one };
  // - handler(handle): a MessageHandler that calls handle(payload as the schema outputs it, message) for a payload
  //   the schema accepts, and for any other throws UnprocessableMessageError (chapters/06-microservices/
  //   messaging-error.ts) naming the topic and each failing field, without calling handle.
  throw new TodoError('06.3');
}
