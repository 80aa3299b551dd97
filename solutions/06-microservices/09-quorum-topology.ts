/**
 * Exercise 06.9: a RabbitMQ topology that dead-letters a message after too many failed deliveries, and a publish that
 * is done only when the broker says so.
 */
import type { Channel, ConfirmChannel, Options } from 'amqplib';
import {
  InvalidMessagingOptionError,
  MessagingError,
  PublishRejectedError,
} from '../../chapters/06-microservices/messaging-error.js';

export interface DeadLetterTopology {
  /** Durable topic exchange that publishers send to. */
  readonly exchange: string;
  /** Durable quorum queue bound to `exchange` with `routingKey`, where consumers work. */
  readonly queue: string;
  readonly routingKey: string;
  /** Durable topic exchange that receives what `queue` gives up on, whatever its routing key. */
  readonly deadLetterExchange: string;
  /** Durable quorum queue bound to `deadLetterExchange`: every dead-lettered message ends here. */
  readonly deadLetterQueue: string;
  /** Failed deliveries (nack or reject with requeue) `queue` retries before it dead-letters: an integer >= 1. */
  readonly deliveryLimit: number;
}

/** The channel closed before the broker confirmed a publish: the message may or may not have been stored. */
export class PublishNotConfirmedError extends MessagingError {
  readonly code = 'PUBLISH_NOT_CONFIRMED';
}

/** Declares the topology; declaring it again with the same values changes nothing. */
export async function declareTopology(channel: Channel, topology: DeadLetterTopology): Promise<void> {
  const { exchange, queue, routingKey, deadLetterExchange, deadLetterQueue, deliveryLimit } = topology;
  if (!Number.isInteger(deliveryLimit) || deliveryLimit < 1) {
    throw new InvalidMessagingOptionError(`deliveryLimit must be an integer >= 1, got ${deliveryLimit}`);
  }
  // amqplib declares exchanges and queues durable unless told otherwise; quorum queues must be durable.
  await channel.assertExchange(deadLetterExchange, 'topic');
  await channel.assertQueue(deadLetterQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(deadLetterQueue, deadLetterExchange, '#');
  await channel.assertExchange(exchange, 'topic');
  await channel.assertQueue(queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': deliveryLimit,
      'x-dead-letter-exchange': deadLetterExchange,
    },
  });
  await channel.bindQueue(queue, exchange, routingKey);
}

/** Publishes one persistent message and resolves once the broker has confirmed it. */
export function publishConfirmed(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  options: Options.Publish = {},
): Promise<void> {
  const where = `"${routingKey}" on exchange "${exchange}"`;
  return new Promise<void>((resolve, reject) => {
    // amqplib calls back with null on an ack, 'message nacked' on a nack, 'channel closed' when the channel is lost.
    const settle = (error: Error | null): void => {
      if (!error) resolve();
      else if (error.message === 'message nacked')
        reject(new PublishRejectedError(`RabbitMQ refused ${where} (nack)`, { cause: error }));
      else reject(new PublishNotConfirmedError(`no confirm for ${where}: the channel closed`, { cause: error }));
    };
    try {
      channel.publish(exchange, routingKey, content, { persistent: true, ...options }, settle);
    } catch (error) {
      settle(error as Error); // a channel already closed throws at once
    }
  });
}
