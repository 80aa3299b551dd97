import amqp, { type ChannelModel } from 'amqplib';
import { ConfirmedSender } from './amqp-confirmed-sender.js';
import { redact, reconnectDelay, withHeartbeat } from './amqp-connection.js';
import { GroupConsumer } from './amqp-group-consumer.js';
import { fromAmqp } from './amqp-message.js';
import { errorText, fixedDelayRetry } from './delivery-policy.js';
import { encodeMessage, readDeadLetter, type WireMessage } from './message-codec.js';
import {
  BrokerUnreachableError,
  BusClosedError,
  InvalidMessagingOptionError,
  PublishRejectedError,
  PublishTimeoutError,
} from './messaging-error.js';
import { checkSubscribeOptions, groupQueues } from './messaging-topology.js';
import type {
  DeadLetter,
  EventBus,
  MessageHandler,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
} from './messaging.port.js';

export interface AmqpEventBusOptions {
  /** `amqp://user:pass@host:5672/vhost`. */
  readonly url: string;
  /** Topic exchange every event is published to (default `events`). */
  readonly exchange?: string;
  /** Shown in RabbitMQ's connection list, so operators can tell clients apart. */
  readonly connectionName?: string;
  /** How long `publish` may wait for a connection and the broker's confirm before it rejects (default 10 s). */
  readonly publishTimeoutMs?: number;
  /** How long the first connection may take (default 5 s). */
  readonly connectTimeoutMs?: number;
  /** Reconnect delays grow from `initialDelayMs` to `maxDelayMs`, with jitter (defaults 200 ms, 15 s). */
  readonly reconnect?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /**
   * Deliveries RabbitMQ itself allows before dead-lettering (a quorum queue's `x-delivery-limit`): the safety net
   * for a message that kills the process before the retry policy runs. Fixed per queue (default 20).
   */
  readonly brokerDeliveryLimit?: number;
  /** AMQP heartbeat in seconds, which detects a dead peer on a silent network (default 15). */
  readonly heartbeatSeconds?: number;
  /** For reconnect jitter; tests pass a fixed one. */
  readonly random?: () => number;
  readonly log?: (line: string) => void;
}

/**
 * Connects to RabbitMQ and returns an `EventBus`. The first connection must succeed (else `BrokerUnreachableError`),
 * so a wrong URL fails at start-up rather than in the first request.
 *
 * @example
 * const bus = await connectAmqpEventBus({ url: process.env.AMQP_URL!, connectionName: 'orders-api' });
 * await bus.publish({ topic: 'order.placed', payload: { orderId: 'o-1' } });
 * await bus.close();
 */
export async function connectAmqpEventBus(options: AmqpEventBusOptions): Promise<AmqpEventBus> {
  const bus = new AmqpEventBus(options);
  await bus.start();
  return bus;
}

type Waiter = { resolve: (sender: ConfirmedSender) => void; reject: (error: Error) => void };

/**
 * The messaging port on RabbitMQ (amqplib): confirmed publishes, one durable quorum queue per consumer group,
 * delayed retries through a TTL queue, dead-letter queues, and one reconnect per failure that restores all of it.
 */
export class AmqpEventBus implements EventBus {
  readonly implementation = 'rabbitmq';
  readonly exchange: string;
  readonly #options: AmqpEventBusOptions;
  readonly #log: (line: string) => void;
  readonly #consumers = new Set<GroupConsumer>();
  readonly #waiters = new Set<Waiter>();
  readonly #pending = new Set<Promise<unknown>>();
  #connection: ChannelModel | undefined;
  #sender: ConfirmedSender | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #attempt = 0;
  #opening: Promise<void> | undefined;
  #closing = false;
  #closed: Promise<void> | undefined;

  constructor(options: AmqpEventBusOptions) {
    const limit = options.brokerDeliveryLimit ?? 20;
    if (!Number.isInteger(limit) || limit < 1)
      throw new InvalidMessagingOptionError(`brokerDeliveryLimit must be an integer >= 1, got ${limit}`);
    this.#options = options;
    this.exchange = options.exchange ?? 'events';
    this.#log = options.log ?? ((line) => console.log(line));
  }

  /** Opens the first connection; later ones are opened by the reconnect loop. */
  async start(): Promise<void> {
    try {
      await this.#openTracked();
    } catch (error) {
      throw new BrokerUnreachableError(
        `RabbitMQ at ${redact(this.#options.url)} did not accept a connection (${errorText(error)}). ` +
          'Start RabbitMQ or fix AMQP_URL.',
        { cause: error },
      );
    }
  }

  /** How many connections this bus has open right now (0 or 1). */
  get connected(): boolean {
    return this.#connection !== undefined;
  }

  async publish(message: OutgoingMessage): Promise<{ messageId: string }> {
    const wire = encodeMessage(message);
    const messageId = wire.properties.messageId as string;
    const work = this.#publishUntilConfirmed(wire);
    this.#pending.add(work);
    try {
      await work;
    } finally {
      this.#pending.delete(work);
    }
    return { messageId };
  }

  // #region publish
  async #publishUntilConfirmed(wire: WireMessage): Promise<void> {
    const timeoutMs = this.#options.publishTimeoutMs ?? 10_000;
    let lastError: unknown;
    // One timer per publish bounds everything: waiting for a connection, for `drain`, and for the confirm.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new PublishTimeoutError(
              `message ${wire.properties.messageId} on "${wire.topic}" was not confirmed by RabbitMQ within ${timeoutMs} ms ` +
                `(${lastError === undefined ? 'no connection' : errorText(lastError)}); it may or may not have been stored`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      // A confirm lost with its channel means "unknown", so publish again on the next connection: a duplicate is
      // possible, a loss is not, and consumers deduplicate by message id.
      for (;;) {
        if (this.#closing) throw new BusClosedError(`cannot publish "${wire.topic}": the event bus is closed`);
        const sender = this.#sender ?? (await Promise.race([this.#whenReady(), deadline]));
        try {
          await Promise.race([sender.send(this.exchange, wire.topic, wire), deadline]);
          return;
        } catch (error) {
          if (error instanceof PublishRejectedError || error instanceof PublishTimeoutError) throw error;
          lastError = error; // the channel closed under us: wait for the reconnect and try again
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }
  // #endregion publish

  async subscribe(options: SubscribeOptions, handler: MessageHandler): Promise<Subscription> {
    if (this.#closing) throw new BusClosedError(`cannot subscribe group "${options.group}": the event bus is closed`);
    const { group, topics, prefetch } = checkSubscribeOptions(options);
    const consumer = new GroupConsumer({
      queues: groupQueues(this.exchange, group),
      exchange: this.exchange,
      topics,
      prefetch,
      retry: options.retry ?? fixedDelayRetry(),
      handler,
      brokerDeliveryLimit: this.#options.brokerDeliveryLimit ?? 20,
      log: this.#log,
      onChannelLost: (error) => this.#dropConnection(`consumer channel of "${group}" closed: ${errorText(error)}`),
    });
    this.#consumers.add(consumer);
    // Registered first, so a reconnect that happens while we attach restores it too.
    if (this.#connection) {
      try {
        await consumer.attach(this.#connection);
      } catch (error) {
        this.#consumers.delete(consumer);
        await consumer.stop();
        throw error;
      }
    }
    return {
      queue: consumer.queues.main,
      cancel: async () => {
        this.#consumers.delete(consumer);
        await consumer.stop();
      },
    };
  }

  async takeDeadLetters(group: string, max = 100): Promise<DeadLetter[]> {
    const { dead } = groupQueues(this.exchange, group);
    const connection = this.#connection;
    if (!connection || this.#closing) throw new BusClosedError(`cannot read dead letters of "${group}": not connected`);
    const channel = await connection.createChannel();
    channel.on('error', (error: Error) => this.#log(`rabbitmq: dead-letter reader: ${error.message}`));
    try {
      await channel.assertQueue(dead, { durable: true });
      const letters: DeadLetter[] = [];
      while (letters.length < max) {
        const message = await channel.get(dead, { noAck: false });
        if (message === false) break;
        letters.push(readDeadLetter(fromAmqp(message, true).wire));
        channel.ack(message);
      }
      return letters;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** Deliberate: stops consumers, waits for their handlers and for publishes awaiting a confirm, then disconnects. */
  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    this.#closing = true;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    for (const waiter of this.#waiters)
      waiter.reject(new BusClosedError('the event bus was closed while waiting for a connection'));
    this.#waiters.clear();
    await this.#opening?.catch(() => undefined);
    await Promise.all([...this.#consumers].map((consumer) => consumer.stop()));
    this.#consumers.clear();
    await Promise.allSettled([...this.#pending]);
    const connection = this.#connection;
    this.#connection = undefined;
    this.#sender = undefined;
    await connection?.close().catch(() => undefined);
  }

  /** The sender of the live connection, or a promise for the next one. */
  #whenReady(): Promise<ConfirmedSender> {
    if (this.#sender) return Promise.resolve(this.#sender);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (sender) => {
          this.#waiters.delete(waiter);
          resolve(sender);
        },
        reject,
      };
      this.#waiters.add(waiter);
    });
  }

  /** close() waits for a connection attempt in progress, so nothing is left opening after it resolves. */
  #openTracked(): Promise<void> {
    const opening = this.#open().finally(() => {
      if (this.#opening === opening) this.#opening = undefined;
    });
    this.#opening = opening;
    return opening;
  }

  // #region reconnect
  async #open(): Promise<void> {
    const connection = await amqp.connect(withHeartbeat(this.#options.url, this.#options.heartbeatSeconds ?? 15), {
      clientProperties: { connection_name: this.#options.connectionName ?? 'event-bus' },
      timeout: this.#options.connectTimeoutMs ?? 5_000,
    });
    let lost = false;
    // amqplib emits 'error' and then 'close' for one failure: only 'close' reconnects, so one blip means one reconnect.
    connection.on('error', (error: Error) => this.#log(`rabbitmq: connection error: ${error.message}`));
    connection.once('close', (error?: Error) => {
      lost = true;
      if (this.#connection === connection) this.#onConnectionLost(error);
    });
    connection.on('blocked', (reason: string) =>
      this.#log(`rabbitmq: publishing blocked by the broker (${reason}); publishes wait`),
    );
    try {
      if (this.#closing) throw new BusClosedError('closed while connecting');
      const channel = await connection.createConfirmChannel();
      channel.on('error', (error: Error) => this.#log(`rabbitmq: publish channel error: ${error.message}`));
      channel.once('close', () => {
        if (this.#connection === connection) this.#dropConnection('publish channel closed');
      });
      await channel.assertExchange(this.exchange, 'topic', { durable: true });
      for (const consumer of this.#consumers) await consumer.attach(connection);
      if (lost) throw new Error('connection closed during set-up');
      if (this.#closing) throw new BusClosedError('closed while connecting');
      this.#connection = connection;
      this.#sender = new ConfirmedSender(channel);
      for (const waiter of [...this.#waiters]) waiter.resolve(this.#sender);
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  #onConnectionLost(error: Error | undefined): void {
    this.#connection = undefined;
    this.#sender = undefined;
    for (const consumer of this.#consumers) consumer.detach();
    if (this.#closing) return;
    this.#scheduleReconnect(error === undefined ? 'closed' : error.message);
  }

  /** A channel died while its connection lives: reconnect the whole thing, so there is one recovery path. */
  #dropConnection(reason: string): void {
    const connection = this.#connection;
    // When the whole connection dies, its channels report first: look again once its own 'close' has run.
    setImmediate(() => {
      if (this.#connection !== connection || !connection || this.#closing) return;
      this.#log(`rabbitmq: ${reason}; reconnecting`);
      connection.close().catch(() => undefined);
    });
  }

  #scheduleReconnect(cause: string): void {
    if (this.#closing || this.#reconnectTimer) return;
    const { initialDelayMs = 200, maxDelayMs = 15_000 } = this.#options.reconnect ?? {};
    const delay = reconnectDelay(this.#attempt, initialDelayMs, maxDelayMs, this.#options.random ?? Math.random);
    this.#attempt += 1;
    this.#log(`rabbitmq: connection lost (${cause}); reconnect attempt ${this.#attempt} in ${delay} ms`);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#openTracked().then(
        () => {
          this.#log(
            `rabbitmq: reconnected after ${this.#attempt} attempt(s); ${this.#consumers.size} consumer(s) restored`,
          );
          this.#attempt = 0;
        },
        (error: unknown) => this.#scheduleReconnect(errorText(error)),
      );
    }, delay);
  }
  // #endregion reconnect
}
