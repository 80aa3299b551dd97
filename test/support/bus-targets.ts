/**
 * The buses a messaging test runs on: the in-memory broker always, and real RabbitMQ when AMQP_URL is set (a unique
 * exchange per bus opened, its group queues and the exchange deleted afterwards).
 *
 * @example
 * describe.each(busTargets)('my handler ($name)', (target) => { ... const { bus, remove } = await target.open(); });
 */
import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { connectAmqpEventBus } from '../../chapters/06-microservices/amqp-event-bus.js';
import { InMemoryBroker } from '../../chapters/06-microservices/in-memory-event-bus.js';
import { groupQueues } from '../../chapters/06-microservices/messaging-topology.js';
import type { EventBus } from '../../chapters/06-microservices/messaging.port.js';

export interface OpenedBus {
  readonly bus: EventBus;
  /** Deletes what the bus declared for these groups, and its exchange (nothing to do in memory). Close the bus first. */
  remove(groups: readonly string[]): Promise<void>;
}

export interface BusTarget {
  readonly name: string;
  /** Why this target cannot run here, or false. */
  readonly skip: string | false;
  open(): Promise<OpenedBus>;
}

const amqpUrl = process.env.AMQP_URL;

export const busTargets: readonly BusTarget[] = [
  {
    name: 'in-memory broker',
    skip: false,
    open: async () => ({ bus: new InMemoryBroker('shop').connect({ ownsBroker: true }), remove: async () => {} }),
  },
  {
    name: 'real RabbitMQ',
    skip: amqpUrl ? false : 'AMQP_URL is unset',
    open: async () => {
      const url = amqpUrl as string;
      const exchange = `test-${randomBytes(4).toString('hex')}`;
      const bus = await connectAmqpEventBus({ url, exchange, connectionName: 'bus-target-test', log: () => {} });
      return {
        bus,
        remove: async (groups) => {
          const raw = await amqp.connect(url);
          try {
            const channel = await raw.createChannel();
            for (const group of groups) {
              for (const queue of Object.values(groupQueues(exchange, group))) await channel.deleteQueue(queue);
            }
            await channel.deleteExchange(exchange);
          } finally {
            await raw.close();
          }
        },
      };
    },
  },
];
