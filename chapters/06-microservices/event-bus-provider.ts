import { connectAmqpEventBus, type AmqpEventBusOptions } from './amqp-event-bus.js';
import { errorText } from './delivery-policy.js';
import type { EventBus } from './messaging.port.js';
import { defaultProviderLog, redactUrl, type ProviderLog } from '../../platform/shared/provider-log.js';
import { InMemoryBroker } from './in-memory-event-bus.js';
import { CodedError } from '../../platform/errors/coded-error.js';

export interface EventBusProviderOptions extends Omit<AmqpEventBusOptions, 'url' | 'log'> {
  /** Defaults to `process.env.AMQP_URL`. */
  readonly url?: string | undefined;
  readonly log?: ProviderLog;
  /**
   * Without AMQP_URL: connect to this broker instead of a private one, so several clients in one process (an api
   * and its workers) share queues as they would on RabbitMQ. The caller closes it.
   */
  readonly inMemoryBroker?: InMemoryBroker;
}

/** Raised when AMQP_URL is set but RabbitMQ does not accept a connection: never hidden behind the in-memory broker. */
export class AmqpUnavailableError extends CodedError {
  readonly code = 'AMQP_UNAVAILABLE';
}

/**
 * An event bus for a test, a demo or the capstone: RabbitMQ at `AMQP_URL` when it is set (it must accept a
 * connection, or this fails with a clear error), else an in-process broker with the same semantics. One log line
 * names the choice; `bus.implementation` says it too.
 *
 * @example
 * const bus = await connectEventBus({ connectionName: 'orders-worker' });
 * await bus.subscribe({ group: 'billing', topics: ['order.placed'] }, async (message) => charge(message.payload));
 */
export async function connectEventBus({
  url = process.env.AMQP_URL,
  log = defaultProviderLog,
  inMemoryBroker,
  ...options
}: EventBusProviderOptions = {}): Promise<EventBus> {
  if (!url) {
    log(
      'amqp: in-memory broker (in-process stand-in; set AMQP_URL to use RabbitMQ). No persistence, no other processes.',
    );
    return inMemoryBroker
      ? inMemoryBroker.connect()
      : new InMemoryBroker(options.exchange).connect({ ownsBroker: true });
  }
  try {
    const bus = await connectAmqpEventBus({ ...options, url, log });
    log(`amqp: RabbitMQ at ${redactUrl(url)} (AMQP_URL)`);
    return bus;
  } catch (error) {
    throw new AmqpUnavailableError(
      `AMQP_URL is set to ${redactUrl(url)} but RabbitMQ did not accept a connection (${errorText(error)}). ` +
        'Start RabbitMQ, fix AMQP_URL, or unset it to use the in-memory broker.',
      { cause: error },
    );
  }
}
