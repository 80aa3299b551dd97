import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidMessagingOptionError,
  PublishRejectedError,
} from '../../../chapters/06-microservices/messaging-error.js';
import { rabbitMqForExercise } from '../../support/rabbitmq.js';
import {
  declareTopology,
  publishConfirmed,
  PublishNotConfirmedError,
  type DeadLetterTopology,
} from '#exercise/06-microservices/09-quorum-topology';

// Names of this file's own (deleted in afterAll), so parallel files and earlier runs never collide.
const prefix = `ex06_9.${randomBytes(4).toString('hex')}`;
const topology: DeadLetterTopology = {
  exchange: `${prefix}.orders`,
  queue: `${prefix}.billing`,
  routingKey: 'order.placed',
  deadLetterExchange: `${prefix}.orders.dlx`,
  deadLetterQueue: `${prefix}.billing.dead`,
  deliveryLimit: 2,
};
const fullQueue = `${prefix}.full`;

let broker: Awaited<ReturnType<typeof rabbitMqForExercise>>;
let connection: ChannelModel;
beforeAll(async () => {
  broker = await rabbitMqForExercise();
  connection = await amqp.connect(broker.url);
});
afterAll(async () => {
  if (connection) {
    const channel = await connection.createChannel();
    for (const queue of [topology.queue, topology.deadLetterQueue, fullQueue]) await channel.deleteQueue(queue);
    for (const exchange of [topology.exchange, topology.deadLetterExchange]) await channel.deleteExchange(exchange);
    await connection.close();
  }
  await broker?.stop();
});

/** A channel of the test's own; the broker closes a channel on any refused operation, and that is expected here. */
async function freshChannel(): Promise<Channel> {
  const channel = await connection.createChannel();
  channel.on('error', () => {});
  return channel;
}

async function confirmChannel() {
  const channel = await connection.createConfirmChannel();
  channel.on('error', () => {});
  return channel;
}

/** The file's topology, declared by the learner's code on a channel of its own (every test does: it is idempotent). */
async function topologyDeclared(): Promise<void> {
  const channel = await freshChannel();
  await declareTopology(channel, topology);
  await channel.close();
}

/** Resolves with the next message of `queue` (consumed with ack) on a channel of its own. */
async function nextMessage(queue: string): Promise<ConsumeMessage> {
  const channel = await freshChannel();
  return new Promise<ConsumeMessage>((resolve, reject) => {
    channel
      .consume(queue, (message) => {
        if (!message) return reject(new Error(`the consumer of ${queue} was cancelled`));
        channel.ack(message);
        void channel.close().then(() => resolve(message));
      })
      .catch(reject);
  });
}

describe('06.9 a quorum queue with a dead-letter exchange, and confirmed publishes', () => {
  it('declares durable topic exchanges and durable quorum queues, as the broker then confirms', async () => {
    await topologyDeclared();
    // Declaring the same thing again is accepted only if it matches what exists (else 406 PRECONDITION_FAILED).
    const probe = await freshChannel();
    await probe.assertExchange(topology.exchange, 'topic', { durable: true });
    await probe.assertExchange(topology.deadLetterExchange, 'topic', { durable: true });
    await probe.assertQueue(topology.deadLetterQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await probe.close();
  });

  it('routes a confirmed, persistent message with its options to the work queue', async () => {
    await topologyDeclared();
    const channel = await confirmChannel();
    await publishConfirmed(channel, topology.exchange, topology.routingKey, Buffer.from('order 1'), {
      messageId: 'm-1',
    });
    await channel.close();
    const message = await nextMessage(topology.queue);
    expect(message.content.toString()).toBe('order 1');
    expect(message.properties.messageId).toBe('m-1');
    expect(message.properties.deliveryMode).toBe(2);
  });

  it('sends a transient message when the options say persistent: false', async () => {
    await topologyDeclared();
    const channel = await confirmChannel();
    await publishConfirmed(channel, topology.exchange, topology.routingKey, Buffer.from('order 2'), {
      persistent: false,
    });
    await channel.close();
    const message = await nextMessage(topology.queue);
    expect(message.content.toString()).toBe('order 2');
    expect(message.properties.deliveryMode).toBe(1);
  });

  it('can be declared again without losing the messages already queued', async () => {
    await topologyDeclared();
    const publisher = await confirmChannel();
    await publishConfirmed(publisher, topology.exchange, topology.routingKey, Buffer.from('kept'));
    await publisher.close();
    const channel = await freshChannel();
    await declareTopology(channel, topology);
    const { messageCount } = await channel.checkQueue(topology.queue);
    await channel.close();
    expect(messageCount).toBe(1);
    expect((await nextMessage(topology.queue)).content.toString()).toBe('kept');
  });

  it('dead-letters a message after more than deliveryLimit failed deliveries, and never delivers it again', async () => {
    await topologyDeclared();
    const consumer = await freshChannel();
    let deliveries = 0;
    const tooMany = new Promise<never>((_resolve, reject) => {
      void consumer.consume(topology.queue, (message) => {
        if (!message) return;
        deliveries += 1;
        if (deliveries <= topology.deliveryLimit + 1) return consumer.nack(message, false, true);
        consumer.ack(message);
        reject(new Error(`delivered ${deliveries} times with a delivery limit of ${topology.deliveryLimit}`));
      });
    });
    const dead = nextMessage(topology.deadLetterQueue);
    const publisher = await confirmChannel();
    await publishConfirmed(publisher, topology.exchange, topology.routingKey, Buffer.from('poison'));
    await publisher.close();
    const message = await Promise.race([dead, tooMany]);
    await consumer.close();
    expect(message.content.toString()).toBe('poison');
    expect(deliveries).toBe(topology.deliveryLimit + 1);
  });

  it('rejects a delivery limit that is not an integer >= 1 before using the channel, and accepts 1', async () => {
    const untouched = {} as Channel;
    await expect(declareTopology(untouched, { ...topology, deliveryLimit: 0 })).rejects.toBeInstanceOf(
      InvalidMessagingOptionError,
    );
    await expect(declareTopology(untouched, { ...topology, deliveryLimit: 0 })).rejects.toThrow(/deliveryLimit/);
    await expect(declareTopology(untouched, { ...topology, deliveryLimit: 1.5 })).rejects.toBeInstanceOf(
      InvalidMessagingOptionError,
    );
    const accepting = new Proxy({}, { get: () => async () => ({}) }) as Channel;
    await expect(declareTopology(accepting, { ...topology, deliveryLimit: 1 })).resolves.toBeUndefined();
  });

  it('rejects with PublishRejectedError when the broker nacks the message', async () => {
    const setup = await freshChannel();
    await setup.assertQueue(fullQueue, {
      durable: false,
      arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' },
    });
    await setup.close();
    const channel = await confirmChannel();
    await publishConfirmed(channel, '', fullQueue, Buffer.from('fits'));
    const refused = publishConfirmed(channel, '', fullQueue, Buffer.from('does not fit'));
    await expect(refused).rejects.toBeInstanceOf(PublishRejectedError);
    await expect(refused).rejects.toThrow(fullQueue);
    await expect(refused).rejects.toHaveProperty('cause', expect.any(Error));
    await channel.close();
  });

  it('rejects with PublishNotConfirmedError when the channel closes before the confirm', async () => {
    const channel = await confirmChannel();
    // Publishing to an exchange that does not exist makes the broker close the channel (404 NOT_FOUND).
    const missing = `${prefix}.missing`;
    const lost = publishConfirmed(channel, missing, 'any.key', Buffer.from('lost'));
    await expect(lost).rejects.toBeInstanceOf(PublishNotConfirmedError);
    await expect(lost).rejects.toHaveProperty('code', 'PUBLISH_NOT_CONFIRMED');
    await expect(lost).rejects.toThrow(missing);
    await expect(lost).rejects.toHaveProperty('cause', expect.any(Error));
  });

  it('rejects, and does not throw, when the channel was closed already', async () => {
    const channel = await confirmChannel();
    await channel.close();
    let closed: Promise<void> | undefined;
    expect(() => {
      closed = publishConfirmed(channel, topology.exchange, topology.routingKey, Buffer.from('late'));
    }).not.toThrow();
    await expect(closed).rejects.toBeInstanceOf(PublishNotConfirmedError);
  });
});
