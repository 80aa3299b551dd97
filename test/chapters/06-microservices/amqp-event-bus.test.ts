import amqp from 'amqplib';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAmqpEventBus } from '../../../chapters/06-microservices/amqp-event-bus.js';
import { groupQueues } from '../../../chapters/06-microservices/messaging-topology.js';
import { BrokerUnreachableError } from '../../../chapters/06-microservices/messaging-error.js';
import type { EventBus } from '../../../chapters/06-microservices/messaging.port.js';
import { connectEventBus, AmqpUnavailableError } from '../../../chapters/06-microservices/event-bus-provider.js';
import { describeEventBusContract } from './event-bus-contract.js';
import { createPrivateVhost, rabbitmqctlMissing, type PrivateVhost } from './rabbitmq-admin.js';

const amqpUrl = process.env.AMQP_URL;
// A private vhost when rabbitmqctl can make one (deleted afterwards); else unique exchange names on AMQP_URL.
const vhostMissing = rabbitmqctlMissing();
let vhost: PrivateVhost | undefined;
beforeAll(async () => {
  if (amqpUrl && !vhostMissing) vhost = await createPrivateVhost('contract');
});
afterAll(async () => {
  await vhost?.remove();
});

describeEventBusContract({
  name: 'real RabbitMQ',
  skip: amqpUrl ? false : 'AMQP_URL is unset',
  setup: async () => {
    const url = vhost?.url ?? (amqpUrl as string);
    const exchange = `contract-${randomBytes(4).toString('hex')}`;
    const buses: EventBus[] = [];
    const groups = new Set<string>();
    const raw = await amqp.connect(url);
    const rawChannel = await raw.createConfirmChannel();
    return {
      connect: async (name) => {
        const bus = await connectAmqpEventBus({ url, exchange, connectionName: name, log: () => {} });
        buses.push(bus);
        const subscribe = bus.subscribe.bind(bus);
        // Remember the groups so teardown can delete their queues when there is no private vhost to drop.
        bus.subscribe = (options, handler) => (groups.add(options.group), subscribe(options, handler));
        return bus;
      },
      publishRaw: async (topic, body, messageId) => {
        await rawChannel.assertExchange(exchange, 'topic', { durable: true });
        rawChannel.publish(exchange, topic, body, { ...(messageId ? { messageId } : {}), persistent: true });
        await rawChannel.waitForConfirms();
      },
      teardown: async () => {
        await Promise.all(buses.map((bus) => bus.close()));
        for (const group of groups) {
          for (const queue of Object.values(groupQueues(exchange, group))) await rawChannel.deleteQueue(queue);
        }
        await rawChannel.deleteExchange(exchange);
        await raw.close();
      },
    };
  },
});

describe.runIf(amqpUrl)(
  `AMQP event bus start-up (real RabbitMQ)${amqpUrl ? '' : ' (skipped: AMQP_URL is unset)'}`,
  () => {
    it('fails with BrokerUnreachableError naming the URL without its password when nothing listens (real RabbitMQ)', async () => {
      const attempt = connectAmqpEventBus({
        url: 'amqp://guest:secret@127.0.0.1:1',
        connectTimeoutMs: 1_000,
        log: () => {},
      });
      await expect(attempt).rejects.toThrow(BrokerUnreachableError);
      await expect(attempt).rejects.toThrow(/amqp:\/\/127\.0\.0\.1:1/);
      await expect(attempt).rejects.not.toThrow(/secret/);
    });

    it('the provider uses AMQP_URL and names RabbitMQ in its log line (real RabbitMQ)', async () => {
      const lines: string[] = [];
      const bus = await connectEventBus({ url: vhost?.url ?? amqpUrl, log: (line) => lines.push(line) });
      expect(bus.implementation).toBe('rabbitmq');
      expect(lines.join('\n')).toMatch(/amqp: RabbitMQ at amqp:\/\/127\.0\.0\.1:5672/);
      expect(lines.join('\n')).not.toMatch(/guest/);
      await bus.close();
    });

    it('the provider fails instead of falling back when AMQP_URL points at nothing (real RabbitMQ)', async () => {
      await expect(
        connectEventBus({ url: 'amqp://127.0.0.1:1', connectTimeoutMs: 1_000, log: () => {} }),
      ).rejects.toThrow(AmqpUnavailableError);
    });
  },
);

describe('AMQP provider without AMQP_URL', () => {
  it('uses the in-memory broker and says so', async () => {
    const lines: string[] = [];
    const bus = await connectEventBus({ url: '', log: (line) => lines.push(line) });
    expect(bus.implementation).toBe('in-memory');
    expect(lines).toEqual([expect.stringContaining('amqp: in-memory broker')]);
    await bus.close();
  });
});
