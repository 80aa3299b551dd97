import { z } from 'zod';
import { LoggerClosedError, makeRecord } from './logger.js';
import type { LogFields, Logger, LogLevel, LogRecord } from './logger.js';
import type { LoggerKind } from './logger-factory.js';

/** Keeps the latest `capacity` records in memory: for tests and for "last N lines" crash reports. */
export class MemoryLogger implements Logger {
  readonly #records: LogRecord[] = [];
  readonly #capacity: number;
  #closed = false;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get records(): readonly LogRecord[] {
    return this.#records;
  }

  log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (this.#closed) throw new LoggerClosedError('memory');
    this.#records.push(makeRecord(level, msg, fields));
    // Bounded on purpose: an unbounded in-memory log is a memory leak with a nice name.
    if (this.#records.length > this.#capacity) this.#records.shift();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.resolve();
  }
}

export const memoryLoggerOptions = z.object({
  capacity: z.number().int().min(1).max(100_000).default(1_000),
});

export const memoryLoggerKind: LoggerKind<typeof memoryLoggerOptions, MemoryLogger> = {
  options: memoryLoggerOptions,
  create: (options) => new MemoryLogger(options.capacity),
};
