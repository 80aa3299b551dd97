import { z } from 'zod';
import type { LogFields, Logger, LogLevel, LogRecord } from '../../chapters/01-design-patterns/logger.js';
import type { LoggerFactory, LoggerKind, LoggerKinds } from '../../chapters/01-design-patterns/logger-factory.js';
import { TodoError } from '../../workbook/todo-error.js';

/** Ships one batch somewhere slow: an HTTP bulk endpoint, a queue. */
export type SendBatch = (records: readonly LogRecord[]) => Promise<void>;
export type BatchErrorHandler = (error: unknown, records: readonly LogRecord[]) => void;

const isFunction = (value: unknown): boolean => typeof value === 'function';

// The options schema is given: the factory validates it for you at creation.
export const batchingLoggerOptions = z.object({
  send: z.custom<SendBatch>(isFunction, 'send must be a function that ships a batch'),
  onError: z.custom<BatchErrorHandler>(isFunction, 'onError must be a function'),
  maxBatch: z.number().int().min(1).max(10_000).default(100),
  flushIntervalMs: z.number().int().min(1).max(60_000).default(1_000),
});

export type BatchingLoggerOptions = z.output<typeof batchingLoggerOptions>;

/** Queues records and sends them in batches: when `maxBatch` are waiting, or `flushIntervalMs` after the first. */
export class BatchingLogger implements Logger {
  // TODO(01.4): queue records (makeRecord from the chapter's logger.ts) and send them with options.send:
  // - as soon as maxBatch are queued, or flushIntervalMs after the first record of a batch (one timer, not one per record);
  // - a failed send goes to options.onError(error, records) and never becomes an unhandled rejection;
  // - flush() sends what is queued and waits for every send in flight; close() flushes, clears the timer,
  //   and log() after close throws the chapter's LoggerClosedError.
  constructor(_options: BatchingLoggerOptions) {
    throw new TodoError('01.4');
  }

  log(_level: LogLevel, _msg: string, _fields?: LogFields): void {
    throw new TodoError('01.4');
  }

  /** Sends whatever is queued now and waits for every batch in flight. */
  flush(): Promise<void> {
    throw new TodoError('01.4');
  }

  close(): Promise<void> {
    throw new TodoError('01.4');
  }
}

export const batchingLoggerKind: LoggerKind<typeof batchingLoggerOptions, BatchingLogger> = {
  options: batchingLoggerOptions,
  create: (options) => new BatchingLogger(options),
};

/** Adds the `batch` kind to any factory, without editing the factory or the other kinds. */
export function withBatchingLogger<Kinds extends LoggerKinds>(
  _factory: LoggerFactory<Kinds>,
): LoggerFactory<Kinds & Record<'batch', typeof batchingLoggerKind>> {
  // TODO(01.4): register batchingLoggerKind under the name 'batch' and return the new factory.
  throw new TodoError('01.4');
}
