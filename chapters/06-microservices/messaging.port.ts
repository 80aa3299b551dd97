/**
 * The messaging port: what services need from a broker, and nothing about which broker it is.
 * `amqp-event-bus.ts` implements it on RabbitMQ; `chapters/06-microservices/in-memory-event-bus.ts` in-process for tests.
 */

/** Headers every message carries. Chapter 8 continues traces through `traceparent`. */
export interface MessageHeaders {
  /** Unique per message; consumers deduplicate on it. The bus generates one when absent. */
  readonly messageId: string;
  /** Ties the message to the request or conversation that caused it. */
  readonly correlationId: string | undefined;
  /** W3C trace context (`00-<trace id>-<span id>-<flags>`), passed through unchanged. */
  readonly traceparent: string | undefined;
}

export interface OutgoingMessage<Payload = unknown> {
  /** Routing key, dot-separated words: `order.placed`. */
  readonly topic: string;
  /** Any JSON-serialisable value. */
  readonly payload: Payload;
  readonly messageId?: string;
  readonly correlationId?: string;
  readonly traceparent?: string;
  /** Extra string headers (names starting with `x-` are reserved for the bus). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface DeliveredMessage<Payload = unknown> extends MessageHeaders {
  readonly topic: string;
  readonly payload: Payload;
  readonly headers: Readonly<Record<string, string>>;
  /** 1 on the first delivery; counts retries and redeliveries after a crash or a lost connection. */
  readonly deliveryCount: number;
}

/** Resolving acknowledges the message; throwing hands it to the retry policy. */
export type MessageHandler = (message: DeliveredMessage) => Promise<void>;

/** What to do with a message whose handler failed. */
export type RetryDecision =
  { readonly action: 'retry'; readonly delayMs: number } | { readonly action: 'dead-letter'; readonly reason: string };

/** Decides, after a failed delivery, whether to retry later or give up. */
export type RetryPolicy = (failure: { readonly deliveryCount: number; readonly error: unknown }) => RetryDecision;

export interface SubscribeOptions {
  /** Consumer group: every instance subscribing with the same group shares one durable queue (competing consumers). */
  readonly group: string;
  /** Topic patterns: `*` matches one word, `#` zero or more (`order.*`, `order.#`). */
  readonly topics: readonly string[];
  /** Unacknowledged messages one consumer may hold at once (default 10). */
  readonly prefetch?: number;
  /** Default: `fixedDelayRetry()` (5 deliveries, 1 s apart). */
  readonly retry?: RetryPolicy;
}

export interface Subscription {
  /** The group's queue name. */
  readonly queue: string;
  /** Stops delivering to this handler and waits for messages it is handling to finish. */
  cancel(): Promise<void>;
}

/** A message the bus gave up on, as read back from the group's dead-letter queue. */
export interface DeadLetter {
  readonly topic: string;
  readonly messageId: string | undefined;
  /** `unparsable`, `unprocessable` or `delivery-limit`. */
  readonly reason: string;
  /** The last error's message. */
  readonly error: string;
  readonly deliveryCount: number;
  /** The original body as text, so an operator can inspect or replay it. */
  readonly body: string;
}

export interface EventBus {
  /** Which implementation this is (`rabbitmq` or `in-memory`), for log lines and health output. */
  readonly implementation: 'rabbitmq' | 'in-memory';
  /** Resolves once the broker has taken responsibility for the message (a publisher confirm). */
  publish(message: OutgoingMessage): Promise<{ readonly messageId: string }>;
  subscribe(options: SubscribeOptions, handler: MessageHandler): Promise<Subscription>;
  /** Removes and returns up to `max` messages from a group's dead-letter queue. */
  takeDeadLetters(group: string, max?: number): Promise<DeadLetter[]>;
  /** Stops consuming, lets in-flight handlers finish, and closes everything; never reconnects afterwards. */
  close(): Promise<void>;
}
