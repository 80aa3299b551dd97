import { decideAfterFailure, errorText, fixedDelayRetry } from './delivery-policy.js';
import {
  attemptOf,
  decodeMessage,
  encodeMessage,
  nextAttempt,
  readDeadLetter,
  toDeadLetter,
  type WireMessage,
} from './message-codec.js';
import { BusClosedError } from './messaging-error.js';
import { checkSubscribeOptions, groupQueues } from './messaging-topology.js';
import type {
  DeadLetter,
  EventBus,
  MessageHandler,
  OutgoingMessage,
  RetryPolicy,
  SubscribeOptions,
  Subscription,
} from './messaging.port.js';
import { topicMatches } from './topic-match.js';

interface Consumer {
  readonly handler: MessageHandler;
  readonly prefetch: number;
  readonly retry: RetryPolicy;
  readonly inFlight: Set<Promise<void>>;
  active: boolean;
}

interface Queue {
  readonly name: string;
  readonly patterns: Set<string>;
  readonly ready: WireMessage[];
  readonly dead: WireMessage[];
  readonly consumers: Consumer[];
  /** Round-robin position, so competing consumers share the work. */
  next: number;
}

/**
 * An in-process broker with RabbitMQ's semantics for what the bus uses: one topic exchange, durable queues per
 * consumer group shared by competing consumers, prefetch, acks, delayed retries, a delivery limit and dead-letter
 * queues. No persistence and no network: for unit tests and the capstone's no-services mode.
 *
 * @example
 * const broker = new InMemoryBroker();
 * const api = broker.connect();
 * const worker = broker.connect();
 */
export class InMemoryBroker {
  readonly #queues = new Map<string, Queue>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(readonly exchange = 'events') {}

  /** A client of this broker. Several clients share queues by group name, like several service instances. */
  connect({ ownsBroker = false }: { ownsBroker?: boolean } = {}): EventBus {
    return new InMemoryEventBus(this, ownsBroker);
  }

  /** Routes an already encoded message, e.g. a malformed one a test wants to see dead-lettered. */
  publishRaw(wire: WireMessage): void {
    if (this.#closed) throw new BusClosedError('the in-memory broker is closed; nothing can be published');
    for (const queue of this.#queues.values()) {
      if ([...queue.patterns].some((pattern) => topicMatches(pattern, wire.topic))) {
        queue.ready.push(wire);
        this.#pump(queue);
      }
    }
  }

  /** Messages waiting in a queue (not counting those being handled). */
  depth(queueName: string): number {
    return this.#queues.get(queueName)?.ready.length ?? 0;
  }

  /** Drops pending retry timers; clients can no longer publish. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  /** @internal used by InMemoryEventBus */
  declareGroup(group: string, topics: readonly string[]): Queue {
    const name = groupQueues(this.exchange, group).main;
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = { name, patterns: new Set(), ready: [], dead: [], consumers: [], next: 0 };
      this.#queues.set(name, queue);
    }
    for (const topic of topics) queue.patterns.add(topic);
    return queue;
  }

  /** @internal */
  addConsumer(queue: Queue, consumer: Consumer): void {
    queue.consumers.push(consumer);
    this.#pump(queue);
  }

  /** @internal */
  removeConsumer(queue: Queue, consumer: Consumer): void {
    consumer.active = false;
    queue.consumers.splice(queue.consumers.indexOf(consumer), 1);
  }

  /** @internal */
  takeDead(group: string, max: number): DeadLetter[] {
    const queue = this.#queues.get(groupQueues(this.exchange, group).main);
    return queue ? queue.dead.splice(0, max).map(readDeadLetter) : [];
  }

  #pump(queue: Queue): void {
    while (queue.ready.length > 0) {
      const consumer = this.#pickConsumer(queue);
      if (!consumer) return;
      const wire = queue.ready.shift() as WireMessage;
      const delivery = this.#deliver(queue, consumer, wire).finally(() => {
        consumer.inFlight.delete(delivery);
        this.#pump(queue);
      });
      consumer.inFlight.add(delivery);
    }
  }

  #pickConsumer(queue: Queue): Consumer | undefined {
    for (let i = 0; i < queue.consumers.length; i++) {
      const index = (queue.next + i) % queue.consumers.length;
      const consumer = queue.consumers[index];
      if (consumer?.active && consumer.inFlight.size < consumer.prefetch) {
        queue.next = index + 1;
        return consumer;
      }
    }
    return undefined;
  }

  async #deliver(queue: Queue, consumer: Consumer, wire: WireMessage): Promise<void> {
    await Promise.resolve(); // deliver asynchronously, as a broker would
    const attempt = attemptOf(wire);
    try {
      await consumer.handler(decodeMessage(wire, attempt));
      return; // ack
    } catch (error) {
      let decision;
      try {
        decision = decideAfterFailure(consumer.retry, attempt, error);
      } catch (policyError) {
        decision = { action: 'dead-letter', reason: `retry policy failed: ${errorText(policyError)}` } as const;
      }
      if (decision.action === 'dead-letter') {
        queue.dead.push(toDeadLetter(wire, decision.reason, errorText(error), attempt));
        return;
      }
      // Like a retry queue with a per-message TTL: the copy waits, then goes back to the group's queue.
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        queue.ready.push(nextAttempt(wire, attempt + 1));
        this.#pump(queue);
      }, decision.delayMs);
      this.#timers.add(timer);
    }
  }

  get closed(): boolean {
    return this.#closed;
  }
}

class InMemoryEventBus implements EventBus {
  readonly implementation = 'in-memory';
  readonly #subscriptions = new Set<{ queue: Queue; consumer: Consumer }>();
  #closed = false;

  constructor(
    private readonly broker: InMemoryBroker,
    private readonly ownsBroker: boolean,
  ) {}

  async publish(message: OutgoingMessage): Promise<{ messageId: string }> {
    this.#assertOpen('publish');
    const wire = encodeMessage(message);
    this.broker.publishRaw(wire);
    return { messageId: wire.properties.messageId as string };
  }

  async subscribe(options: SubscribeOptions, handler: MessageHandler): Promise<Subscription> {
    this.#assertOpen('subscribe');
    const { group, topics, prefetch } = checkSubscribeOptions(options);
    const queue = this.broker.declareGroup(group, topics);
    const consumer: Consumer = {
      handler,
      prefetch,
      retry: options.retry ?? fixedDelayRetry(),
      inFlight: new Set(),
      active: true,
    };
    const entry = { queue, consumer };
    this.#subscriptions.add(entry);
    this.broker.addConsumer(queue, consumer);
    return {
      queue: queue.name,
      cancel: async () => {
        this.#subscriptions.delete(entry);
        await this.#stop(entry);
      },
    };
  }

  async takeDeadLetters(group: string, max = 100): Promise<DeadLetter[]> {
    this.#assertOpen('read dead letters');
    return this.broker.takeDead(group, max);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((entry) => this.#stop(entry)));
    this.#subscriptions.clear();
    if (this.ownsBroker) this.broker.close();
  }

  async #stop({ queue, consumer }: { queue: Queue; consumer: Consumer }): Promise<void> {
    if (consumer.active) this.broker.removeConsumer(queue, consumer);
    await Promise.allSettled([...consumer.inFlight]);
  }

  #assertOpen(what: string): void {
    if (this.#closed || this.broker.closed)
      throw new BusClosedError(`cannot ${what}: the in-memory event bus is closed`);
  }
}
