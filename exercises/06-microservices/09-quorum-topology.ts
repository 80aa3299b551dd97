/**
 * Exercise 06.9: a RabbitMQ topology that dead-letters a message after too many failed deliveries, and a publish that
 * is done only when the broker says so.
 */
import type { Channel, ConfirmChannel, Options } from 'amqplib';
import { MessagingError } from '../../chapters/06-microservices/messaging-error.js';
import { TodoError } from '../../workbook/todo-error.js';

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

/**
 * Declares the exchanges, queues and bindings described by `topology`, so that a message published to `exchange` with
 * `routingKey` lands in `queue`, and a message whose delivery from `queue` failed more than `deliveryLimit` times
 * lands in `deadLetterQueue` instead of being delivered again.
 *
 * - Idempotent: declaring the same topology again succeeds and changes nothing (messages already queued stay).
 * - Rejects with InvalidMessagingOptionError (chapters/06-microservices/messaging-error.ts) naming `deliveryLimit`,
 *   before using the channel, when `deliveryLimit` is not an integer >= 1.
 * - Rejects with the broker's error when it refuses a declaration (for instance a queue of that name that exists with
 *   other arguments; the broker then closes the channel).
 */
export async function declareTopology(_channel: Channel, _topology: DeadLetterTopology): Promise<void> {
  // TODO(06.9): validate the delivery limit, then declare the topology described above.
  throw new TodoError('06.9');
}

/**
 * Publishes `content` to `exchange` with `routingKey` and resolves only once the broker has confirmed the message.
 * The message is persistent unless `options` say otherwise; the other `options` (messageId, headers...) are sent as
 * given.
 *
 * - Rejects with PublishRejectedError (chapters/06-microservices/messaging-error.ts) when the broker nacks the message.
 * - Rejects with PublishNotConfirmedError when the channel closes before the confirm arrives, or was closed already.
 * - Both errors name the exchange and the routing key in their message and carry amqplib's error as their `cause`.
 * - Never throws synchronously: every failure is a rejection.
 */
export function publishConfirmed(
  _channel: ConfirmChannel,
  _exchange: string,
  _routingKey: string,
  _content: Buffer,
  _options: Options.Publish = {},
): Promise<void> {
  // TODO(06.9): publish on the confirm channel and settle the promise from the broker's answer.
  throw new TodoError('06.9');
}
