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
  // TODO(01.4): hold records back and hand them to options.send in batches, in the order they were logged:
  // - each record is the chapter's LogRecord for (level, msg, fields);
  // - a batch goes as soon as maxBatch records are waiting, or flushIntervalMs after the first record of a batch,
  //   whichever comes first; never one send per record, and at most one timer pending at any time;
  // - a pending flush does not keep the process alive (close() is what guarantees delivery);
  // - a failed send (a rejection or a synchronous throw) goes to options.onError(error, records) with that batch's
  //   records, never becomes an unhandled rejection, and later batches are still sent;
  // - flush() sends what is waiting and resolves once every send in flight has finished; close() does the same,
  //   leaves no timer behind, and from then on log() throws the chapter's LoggerClosedError.
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
  // TODO(01.4): return a factory that offers every kind `factory` offers plus 'batch' (batchingLoggerKind), so that
  // create('batch', options) validates the options and returns a BatchingLogger.
  throw new TodoError('01.4');
}
