import type { ConfirmChannel } from 'amqplib';
import type { WireMessage } from './message-codec.js';
import { PublishRejectedError } from './messaging-error.js';

/** Publishes on a confirm channel and resolves on the broker's ack. Respects backpressure by waiting for `drain`. */
export class ConfirmedSender {
  #drained: Promise<void> | undefined;

  constructor(readonly channel: ConfirmChannel) {}

  async send(
    exchange: string,
    routingKey: string,
    wire: WireMessage,
    extra: { expiration?: string } = {},
  ): Promise<void> {
    while (this.#drained) await this.#drained;
    await new Promise<void>((resolve, reject) => {
      const written = this.channel.publish(
        exchange,
        routingKey,
        wire.body,
        {
          persistent: true,
          messageId: wire.properties.messageId,
          correlationId: wire.properties.correlationId,
          contentType: wire.properties.contentType,
          timestamp: wire.properties.timestamp,
          headers: wire.properties.headers,
          ...extra,
        },
        (error: unknown) => {
          if (!error) return resolve();
          // amqplib reports a broker nack as 'message nacked' and a lost channel as 'channel closed'.
          const nacked = error instanceof Error && error.message === 'message nacked';
          reject(
            nacked
              ? new PublishRejectedError(
                  `RabbitMQ refused message ${wire.properties.messageId} on "${wire.topic}" (nack)`,
                )
              : error,
          );
        },
      );
      if (!written) this.#waitForDrain();
    });
  }

  #waitForDrain(): void {
    this.#drained ??= new Promise<void>((resolve) => {
      const done = (): void => {
        this.channel.off('drain', done);
        this.channel.off('close', done);
        this.#drained = undefined;
        resolve();
      };
      this.channel.on('drain', done);
      this.channel.on('close', done);
    });
  }
}
