/** How a delivery from amqplib becomes the broker-neutral wire form the codec reads. */

import type { ConsumeMessage, GetMessage } from 'amqplib';
import { HEADER, type WireMessage } from './message-codec.js';

/**
 * Turns what amqplib delivered into the broker-neutral form. The topic travels in a header (retries change the
 * routing key), and the broker's own bookkeeping headers are split off so that a retry copy does not inherit them.
 */
export function fromAmqp(
  message: ConsumeMessage | GetMessage,
  keepBrokerHeaders = false,
): { wire: WireMessage; redeliveries: number } {
  const headers: Record<string, unknown> = { ...message.properties.headers };
  // x-delivery-count: a quorum queue's count of redeliveries of this copy (after a crash or a lost connection).
  const redeliveries = Number(headers['x-delivery-count'] ?? 0) || 0;
  if (!keepBrokerHeaders) {
    for (const name of Object.keys(headers)) {
      if (name === 'x-delivery-count' || /^x-(death|first-death-|last-death-)/.test(name)) delete headers[name];
    }
  }
  const topic = headers[HEADER.topic];
  const wire: WireMessage = {
    topic: typeof topic === 'string' ? topic : message.fields.routingKey,
    body: message.content,
    properties: {
      messageId: message.properties.messageId as string | undefined,
      correlationId: message.properties.correlationId as string | undefined,
      contentType: message.properties.contentType as string | undefined,
      timestamp: message.properties.timestamp as number | undefined,
      headers,
    },
  };
  return { wire, redeliveries };
}
