import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import { ConfirmedSender } from './amqp-confirmed-sender.js';
import { fromAmqp } from './amqp-message.js';
import { decideAfterFailure, errorText } from './delivery-policy.js';
import { attemptOf, decodeMessage, nextAttempt, toDeadLetter } from './message-codec.js';
import type { GroupQueues } from './messaging-topology.js';
import type { MessageHandler, RetryPolicy } from './messaging.port.js';

export interface GroupConsumerOptions {
  readonly queues: GroupQueues;
  readonly exchange: string;
  readonly topics: readonly string[];
  readonly prefetch: number;
  readonly retry: RetryPolicy;
  readonly handler: MessageHandler;
  readonly brokerDeliveryLimit: number;
  readonly log: (line: string) => void;
  readonly onChannelLost: (error: unknown) => void;
}

/** One subscription: its topology, its channel (re-created after every reconnect) and its in-flight handlers. */
export class GroupConsumer {
  readonly queues: GroupQueues;
  readonly #inFlight = new Set<Promise<void>>();
  #channel: ConfirmChannel | undefined;
  #tag: string | undefined;
  #stopped = false;

  constructor(private readonly options: GroupConsumerOptions) {
    this.queues = options.queues;
  }

  /** Declares the group's queues and bindings (idempotent) and starts consuming on a fresh channel. */
  // #region topology
  async attach(connection: ChannelModel): Promise<void> {
    if (this.#stopped) return;
    const { queues, exchange, topics, prefetch, brokerDeliveryLimit, log } = this.options;
    // Confirms on this channel too: a retry or dead-letter copy must be stored before the original is acked.
    const channel = await connection.createConfirmChannel();
    channel.on('error', (error: Error) => log(`rabbitmq: consumer channel of ${queues.main}: ${error.message}`));
    await channel.assertQueue(queues.dead, { durable: true });
    await channel.assertQueue(queues.main, {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-delivery-limit': brokerDeliveryLimit,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queues.dead,
      },
    });
    // Expired copies (their per-message TTL is the retry delay) are dead-lettered back into the main queue.
    await channel.assertQueue(queues.retry, {
      durable: true,
      arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queues.main },
    });
    for (const topic of topics) await channel.bindQueue(queues.main, exchange, topic);
    await channel.prefetch(prefetch);
    const sender = new ConfirmedSender(channel);
    const { consumerTag } = await channel.consume(queues.main, (message) => {
      if (message === null) {
        // The broker cancelled us (queue deleted): let the bus reconnect, which re-declares and re-subscribes.
        this.options.onChannelLost(new Error(`RabbitMQ cancelled the consumer on ${queues.main}`));
        return;
      }
      const work = this.#handle(channel, sender, message).catch((error: unknown) =>
        log(`rabbitmq: ${errorText(error)}`),
      );
      this.#inFlight.add(work);
      void work.finally(() => this.#inFlight.delete(work));
    });
    channel.once('close', () => {
      if (this.#channel === channel && !this.#stopped) this.options.onChannelLost(new Error('channel closed'));
    });
    this.#channel = channel;
    this.#tag = consumerTag;
  }
  // #endregion topology

  /** The connection is gone; its channel with it. Handlers still running finish, but cannot ack (RabbitMQ redelivers). */
  detach(): void {
    this.#channel = undefined;
    this.#tag = undefined;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const channel = this.#channel;
    const tag = this.#tag;
    this.detach();
    if (channel && tag) await channel.cancel(tag).catch(() => undefined);
    await Promise.allSettled([...this.#inFlight]);
    await channel?.close().catch(() => undefined);
  }

  // #region handle
  async #handle(channel: Channel, sender: ConfirmedSender, message: ConsumeMessage): Promise<void> {
    const { wire, redeliveries } = fromAmqp(message);
    const deliveryCount = attemptOf(wire) + redeliveries;
    let failure: { error: unknown } | undefined;
    try {
      await this.options.handler(decodeMessage(wire, deliveryCount));
    } catch (error) {
      failure = { error };
    }
    if (failure) {
      let decision;
      try {
        decision = decideAfterFailure(this.options.retry, deliveryCount, failure.error);
      } catch (policyError) {
        decision = { action: 'dead-letter', reason: `retry policy failed: ${errorText(policyError)}` } as const;
      }
      if (decision.action === 'retry') {
        await sender.send('', this.queues.retry, nextAttempt(wire, deliveryCount + 1), {
          expiration: String(Math.round(decision.delayMs)),
        });
      } else {
        await sender.send(
          '',
          this.queues.dead,
          toDeadLetter(wire, decision.reason, errorText(failure.error), deliveryCount),
        );
        this.options.log(
          `rabbitmq: dead-lettered ${wire.properties.messageId ?? '(no id)'} from ${this.queues.main}: ${decision.reason}`,
        );
      }
    }
    try {
      channel.ack(message);
    } catch (error) {
      // The channel closed while the handler ran: RabbitMQ redelivers the message and the consumer deduplicates.
      this.options.log(
        `rabbitmq: could not ack ${wire.properties.messageId ?? '(no id)'} (${errorText(error)}); it will be redelivered`,
      );
    }
  }
  // #endregion handle
}
