/**
 * The relay's throughput and exclusivity: a batch's confirms in flight together, one bulk write per batch, a pass
 * started by the writer's `notify()`, and one publishing relay per (collection, publisher) through a MongoDB lease. On
 * the in-memory broker always, and on real RabbitMQ when AMQP_URL is set.
 */
import { MongoClient, type Collection, type CommandStartedEvent, type Db } from 'mongodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { idempotent, InMemoryProcessedStore } from '../../../chapters/06-microservices/idempotent-consumer.js';
import type { DeliveredMessage, EventBus, OutgoingMessage } from '../../../chapters/06-microservices/messaging.port.js';
import { outboxEvent, type OutboxDocument } from '../../../chapters/06-microservices/mongo-outbox.js';
import { OutboxRelay, relayLease } from '../../../chapters/06-microservices/outbox-relay.js';
import { busTargets, type OpenedBus } from '../../support/bus-targets.js';
import { sharedMongo, uniqueDbName } from '../../support/mongo.js';
import { collector } from './event-bus-contract.js';

interface Doc extends OutboxDocument {
  _id: string;
}

/** The same bus with a different publish. */
function withPublish(bus: EventBus, publish: EventBus['publish']): EventBus {
  return {
    ...bus,
    implementation: bus.implementation,
    publish,
    subscribe: (o, h) => bus.subscribe(o, h),
    takeDeadLetters: (g, m) => bus.takeDeadLetters(g, m),
    close: () => bus.close(),
  };
}

let client: MongoClient;
let db: Db;
const commands: CommandStartedEvent[] = [];
beforeAll(async () => {
  client = await MongoClient.connect(sharedMongo().uri, { serverSelectionTimeoutMS: 5_000, monitorCommands: true });
  client.on('commandStarted', (event) => commands.push(event));
  db = client.db(uniqueDbName('outbox_relay'));
});
afterAll(async () => {
  await db?.dropDatabase();
  await client?.close();
});

describe.each(busTargets)(`outbox relay: batches, wake-up and lease ($name, ${sharedMongo().provider})`, (target) => {
  if (target.skip) {
    it.skip(`skipped: ${target.skip}`, () => {});
    return;
  }
  let docs: Collection<Doc>;
  let opened: OpenedBus;
  let bus: EventBus;
  const quiet = (): void => {};
  const write = (id: string, publisher?: string): Promise<unknown> =>
    docs.insertOne({
      _id: id,
      outbox: [
        outboxEvent({
          topic: 'thing.done',
          payload: { id },
          messageId: `m-${id}`,
          ...(publisher ? { publisher } : {}),
        }),
      ],
    });

  beforeEach(async () => {
    docs = db.collection<Doc>(`docs_${Math.random().toString(36).slice(2)}`);
    opened = await target.open();
    bus = opened.bus;
  });
  afterEach(async () => {
    await bus.close();
    await opened.remove(['audit', 'billing']);
  });

  it('publishes a batch with every confirm in flight at once and removes the sent entries with one bulk write', async () => {
    for (let i = 0; i < 5; i += 1) await write(`d${i}`);
    const held: (() => void)[] = [];
    let allHeld!: () => void;
    const fiveInFlight = new Promise<void>((resolve) => (allHeld = resolve));
    // Confirms arrive only once all five publishes are waiting: a relay that awaited each one in turn would hang here.
    const slowConfirms = withPublish(bus, async (message: OutgoingMessage) => {
      await new Promise<void>((resolve) => {
        held.push(resolve);
        if (held.length === 5) allHeld();
      });
      return bus.publish(message);
    });
    const relay = new OutboxRelay({ collection: docs, bus: slowConfirms, log: quiet });
    const pass = relay.relayOnce();
    await fiveInFlight;
    const before = commands.length;
    for (const release of held) release();

    expect(await pass).toBe(5);
    const writes = commands
      .slice(before)
      .filter((c) => c.commandName === 'update' && c.command.update === docs.collectionName);
    expect(writes).toHaveLength(1);
    expect((writes[0]?.command.updates as unknown[]).length).toBe(5);
    expect(await docs.countDocuments({ 'outbox.0': { $exists: true } })).toBe(0);
  });

  it('starts a pass as soon as the writer notifies it, without waiting for the next poll', async () => {
    const received = collector();
    await bus.subscribe({ group: 'audit', topics: ['thing.*'] }, async (m) => received.push(m));
    const relay = new OutboxRelay({ collection: docs, bus, idleMs: 600_000, log: quiet });
    relay.start();
    try {
      await write('now');
      relay.notify();
      await received.until(1);
    } finally {
      await relay.close();
    }
    expect(received.items.map((m) => m.messageId)).toEqual(['m-now']);
  });

  it("publishes only its own service's entries, leaving another publisher's in the same document", async () => {
    await docs.insertOne({
      _id: 'order-1',
      outbox: [
        outboxEvent({ topic: 'order.placed', payload: {}, messageId: 'placed', publisher: 'orders-api' }),
        outboxEvent({ topic: 'order.confirmed', payload: {}, messageId: 'confirmed', publisher: 'orders-worker' }),
      ],
    });
    const received = collector();
    await bus.subscribe({ group: 'audit', topics: ['order.*'] }, async (m) => received.push(m));

    expect(await new OutboxRelay({ collection: docs, bus, publisher: 'orders-worker', log: quiet }).relayOnce()).toBe(
      1,
    );
    await received.until(1);
    expect(received.items.map((m) => m.messageId)).toEqual(['confirmed']);
    expect((await docs.findOne({ _id: 'order-1' }))?.outbox?.map((e) => e.messageId)).toEqual(['placed']);
  });

  it('runs three relays of one service and publishes each event exactly once', async () => {
    const received = collector();
    await bus.subscribe({ group: 'audit', topics: ['thing.*'], prefetch: 50 }, async (m) => received.push(m));
    const relays = Array.from(
      { length: 3 },
      () =>
        new OutboxRelay({
          collection: docs,
          bus,
          publisher: 'svc',
          lease: relayLease(db, docs, 'svc'),
          batchSize: 7,
          idleMs: 20,
          log: quiet,
        }),
    );
    for (const relay of relays) relay.start();
    try {
      for (let i = 0; i < 60; i += 1) {
        await write(`e${i}`, 'svc');
        relays[i % 3]?.notify();
      }
      await received.until(60);
      await expect.poll(() => docs.countDocuments({ 'outbox.0': { $exists: true } })).toBe(0);
    } finally {
      await Promise.all(relays.map((relay) => relay.close()));
    }
    const ids = received.items.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(60);
    expect(ids).toHaveLength(60);
  });

  it("lets another relay take over once a dead holder's lease expired, not before; the consumer drops the re-sent copy", async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const clock = (): Date => now;
    const handled = collector<DeliveredMessage>();
    const deliveries = collector<string>();
    const handle = idempotent(async (m) => handled.push(m), { store: new InMemoryProcessedStore() });
    await bus.subscribe({ group: 'billing', topics: ['thing.*'] }, async (m) => {
      deliveries.push(m.messageId);
      await handle(m);
    });
    // The holder dies after the broker confirmed and before it removed the entry.
    const dyingBus = withPublish(bus, async (message) => {
      await bus.publish(message);
      throw new Error('process killed after publish');
    });
    const holder = new OutboxRelay({
      collection: docs,
      bus: dyingBus,
      publisher: 'svc',
      lease: relayLease(db, docs, 'svc', { ttlMs: 1_000, now: clock }),
      log: quiet,
    });
    const standby = new OutboxRelay({
      collection: docs,
      bus,
      publisher: 'svc',
      lease: relayLease(db, docs, 'svc', { ttlMs: 1_000, now: clock }),
      log: quiet,
    });
    await write('x', 'svc');

    await expect(holder.relayOnce()).rejects.toThrow('process killed');
    now = new Date(now.getTime() + 999);
    expect(await standby.relayOnce()).toBe(0); // the dead holder's lease is still live
    now = new Date(now.getTime() + 1);
    expect(await standby.relayOnce()).toBe(1); // expired: the standby holds it and re-sends

    await deliveries.until(2);
    expect(deliveries.items).toEqual(['m-x', 'm-x']);
    expect(handled.items).toHaveLength(1);
    expect(
      await db.collection('leases').findOne({ _id: `outbox-relay:${docs.collectionName}:svc` as never }),
    ).toMatchObject({ expiresAt: new Date(now.getTime() + 1_000) });
  });

  it('gives the lease up on close, so a standby publishes at once', async () => {
    const first = new OutboxRelay({
      collection: docs,
      bus,
      publisher: 'svc',
      lease: relayLease(db, docs, 'svc'),
      log: quiet,
    });
    const second = new OutboxRelay({
      collection: docs,
      bus,
      publisher: 'svc',
      lease: relayLease(db, docs, 'svc'),
      log: quiet,
    });
    await first.relayOnce();
    await write('y', 'svc');
    expect(await second.relayOnce()).toBe(0);
    await first.close();
    expect(await second.relayOnce()).toBe(1);
  });

  it('closes cleanly when MongoDB cannot be reached to give the lease up: the lease runs out by itself', async () => {
    const lines: string[] = [];
    const unreachable = new Error('connect ECONNREFUSED 127.0.0.1:27017');
    const relay = new OutboxRelay({
      collection: docs,
      bus,
      publisher: 'svc',
      lease: { hold: () => Promise.resolve(true), release: () => Promise.reject(unreachable) },
      log: (line) => lines.push(line),
    });
    await relay.relayOnce();
    await expect(relay.close()).resolves.toBeUndefined();
    expect(lines).toEqual([
      expect.stringContaining('could not give the lease up (it expires by itself): Error: connect ECONNREFUSED'),
    ]);
  });
});
