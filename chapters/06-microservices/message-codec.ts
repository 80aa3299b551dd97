import { randomUUID } from 'node:crypto';
import { InvalidMessagingOptionError, UnparsableMessageError } from './messaging-error.js';
import type { DeadLetter, DeliveredMessage, OutgoingMessage } from './messaging.port.js';
import { parseTraceparent } from './traceparent.js';

/** The broker-neutral form of a message: what goes over the wire to RabbitMQ, and what the in-memory broker stores. */
export interface WireMessage {
  readonly topic: string;
  readonly body: Buffer;
  readonly properties: WireProperties;
}

/** The AMQP basic properties the bus uses (a subset of amqplib's `MessageProperties`). */
export interface WireProperties {
  readonly messageId?: string | undefined;
  readonly correlationId?: string | undefined;
  readonly contentType?: string | undefined;
  /** Seconds since the epoch, as AMQP defines it. */
  readonly timestamp?: number | undefined;
  readonly headers?: Readonly<Record<string, unknown>> | undefined;
}

/** Header names the bus owns. */
export const HEADER = {
  traceparent: 'traceparent',
  /** The topic it was published on: retries and dead-lettering change the AMQP routing key, so it travels here too. */
  topic: 'x-topic',
  /** Deliveries this copy has been through before (retries re-publish a copy with this incremented). */
  attempt: 'x-attempt',
  deadReason: 'x-dead-reason',
  deadError: 'x-dead-error',
  deadDeliveries: 'x-dead-deliveries',
} as const;

const TOPIC = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Checks a topic to publish on: dot-separated words, no wildcards. */
export function assertTopic(topic: string): void {
  if (topic.length > 255 || !TOPIC.test(topic)) {
    throw new InvalidMessagingOptionError(
      `topic "${topic}" is not allowed: use dot-separated words of letters, digits, "_" or "-" (at most 255 characters), e.g. "order.placed"`,
    );
  }
}

/** Serialises a message: JSON body, ids in the AMQP properties, `traceparent` and custom headers in the headers table. */
export function encodeMessage(message: OutgoingMessage, newId: () => string = randomUUID): WireMessage {
  assertTopic(message.topic);
  // A consumer would discard a traceparent the parser refuses and start a new trace: refuse it here, where it is made.
  if (message.traceparent !== undefined && parseTraceparent(message.traceparent) === undefined) {
    throw new InvalidMessagingOptionError(
      `traceparent "${message.traceparent}" is not a W3C trace context; ` +
        'expected 00-<32 hex>-<16 hex>-<2 hex> in lowercase, with non-zero ids',
    );
  }
  const headers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (name.startsWith('x-'))
      throw new InvalidMessagingOptionError(`header "${name}" is reserved: names starting with x- belong to the bus`);
    headers[name] = value;
  }
  if (message.traceparent !== undefined) headers[HEADER.traceparent] = message.traceparent;
  headers[HEADER.topic] = message.topic;
  const body = JSON.stringify(message.payload);
  if (body === undefined)
    throw new InvalidMessagingOptionError(`the payload of "${message.topic}" is not JSON-serialisable`);
  return {
    topic: message.topic,
    body: Buffer.from(body),
    properties: {
      messageId: message.messageId ?? newId(),
      correlationId: message.correlationId,
      contentType: 'application/json',
      timestamp: Math.floor(Date.now() / 1000),
      headers,
    },
  };
}

/** Deliveries before this copy was published (1 for a fresh message). */
export function attemptOf(wire: WireMessage): number {
  const attempt = Number(wire.properties.headers?.[HEADER.attempt] ?? 1);
  return Number.isInteger(attempt) && attempt >= 1 ? attempt : 1;
}

/** A copy to publish for the next attempt. */
export function nextAttempt(wire: WireMessage, attempt: number): WireMessage {
  return {
    ...wire,
    properties: { ...wire.properties, headers: { ...wire.properties.headers, [HEADER.attempt]: attempt } },
  };
}

/**
 * Parses what a consumer received. Throws `UnparsableMessageError` when the body is not JSON or the message id is
 * missing: such a message cannot be handled or deduplicated, and retrying will not change that.
 */
export function decodeMessage(wire: WireMessage, deliveryCount: number): DeliveredMessage {
  const { messageId, correlationId, headers = {} } = wire.properties;
  if (typeof messageId !== 'string' || messageId === '') {
    throw new UnparsableMessageError(`message on "${wire.topic}" has no message id, so it cannot be deduplicated`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(wire.body.toString('utf8'));
  } catch (error) {
    throw new UnparsableMessageError(
      `message ${messageId} on "${wire.topic}" is not JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const custom: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' && !name.startsWith('x-') && name !== HEADER.traceparent) custom[name] = value;
  }
  const traceparent = headers[HEADER.traceparent];
  return {
    topic: wire.topic,
    payload,
    messageId,
    correlationId: typeof correlationId === 'string' && correlationId !== '' ? correlationId : undefined,
    traceparent: typeof traceparent === 'string' ? traceparent : undefined,
    headers: custom,
    deliveryCount,
  };
}

/** The copy that goes to the dead-letter queue, annotated with why. */
export function toDeadLetter(wire: WireMessage, reason: string, error: string, deliveryCount: number): WireMessage {
  return {
    ...wire,
    properties: {
      ...wire.properties,
      headers: {
        ...wire.properties.headers,
        [HEADER.deadReason]: reason,
        [HEADER.deadError]: error.slice(0, 1_000),
        [HEADER.deadDeliveries]: deliveryCount,
      },
    },
  };
}

/** Reads a dead-letter queue entry back. */
export function readDeadLetter(wire: WireMessage): DeadLetter {
  const headers = wire.properties.headers ?? {};
  // RabbitMQ dead-letters on its own (a quorum queue's x-delivery-limit) with x-first-death-reason instead of ours.
  const brokerReason = headers['x-first-death-reason'];
  return {
    topic: wire.topic,
    messageId: wire.properties.messageId,
    reason: String(
      headers[HEADER.deadReason] ?? (brokerReason === undefined ? 'unknown' : `broker: ${String(brokerReason)}`),
    ),
    error: String(headers[HEADER.deadError] ?? ''),
    deliveryCount: Number(headers[HEADER.deadDeliveries] ?? 0),
    body: wire.body.toString('utf8'),
  };
}
