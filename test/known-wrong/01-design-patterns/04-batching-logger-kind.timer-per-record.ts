/**
 * Known wrong: starts a new flush timer for every record instead of one per batch, remembering only the last.
 * Batches still go out on time, but a busy logger holds thousands of timers, and close() clears only the last one.
 */
import { z } from 'zod';
import { LoggerClosedError, makeRecord } from '../../../chapters/01-design-patterns/logger.js';
import type { LogFields, Logger, LogLevel, LogRecord } from '../../../chapters/01-design-patterns/logger.js';
import type { LoggerFactory, LoggerKind, LoggerKinds } from '../../../chapters/01-design-patterns/logger-factory.js';

/** Ships one batch somewhere slow: an HTTP bulk endpoint, a queue. */
export type SendBatch = (records: readonly LogRecord[]) => Promise<void>;
export type BatchErrorHandler = (error: unknown, records: readonly LogRecord[]) => void;

const isFunction = (value: unknown): boolean => typeof value === 'function';

export const batchingLoggerOptions = z.object({
  send: z.custom<SendBatch>(isFunction, 'send must be a function that ships a batch'),
  onError: z.custom<BatchErrorHandler>(isFunction, 'onError must be a function'),
  maxBatch: z.number().int().min(1).max(10_000).default(100),
  flushIntervalMs: z.number().int().min(1).max(60_000).default(1_000),
});

export type BatchingLoggerOptions = z.output<typeof batchingLoggerOptions>;

/** Queues records and sends them in batches: when `maxBatch` are waiting, or `flushIntervalMs` after the first. */
export class BatchingLogger implements Logger {
  readonly #options: BatchingLoggerOptions;
  #queue: LogRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #sending = new Set<Promise<void>>();
  #closed = false;

  constructor(options: BatchingLoggerOptions) {
    this.#options = options;
  }

  log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (this.#closed) throw new LoggerClosedError('batch');
    this.#queue.push(makeRecord(level, msg, fields));
    if (this.#queue.length >= this.#options.maxBatch) {
      this.#sendQueued();
    } else {
      this.#timer = setTimeout(() => this.#sendQueued(), this.#options.flushIntervalMs);
      // Do not hold the process open for a log flush; close() is what guarantees delivery.
      this.#timer.unref();
    }
  }

  /** Sends whatever is queued now and waits for every batch in flight. */
  async flush(): Promise<void> {
    this.#sendQueued();
    await Promise.all(this.#sending);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  #sendQueued(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    // A failed send goes to onError with its records; it never rejects into the void.
    const sending = Promise.resolve()
      .then(() => this.#options.send(batch))
      .catch((error: unknown) => this.#options.onError(error, batch))
      .finally(() => this.#sending.delete(sending));
    this.#sending.add(sending);
  }
}

export const batchingLoggerKind: LoggerKind<typeof batchingLoggerOptions, BatchingLogger> = {
  options: batchingLoggerOptions,
  create: (options) => new BatchingLogger(options),
};

/** Adds the `batch` kind to any factory, without editing the factory or the other kinds. */
export function withBatchingLogger<Kinds extends LoggerKinds>(
  factory: LoggerFactory<Kinds>,
): LoggerFactory<Kinds & Record<'batch', typeof batchingLoggerKind>> {
  return factory.register('batch', batchingLoggerKind);
}
