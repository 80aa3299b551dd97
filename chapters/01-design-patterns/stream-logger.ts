import { once } from 'node:events';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { LoggerClosedError, makeRecord, toJsonLine, toTextLine } from './logger.js';
import type { LogFields, Logger, LogLevel } from './logger.js';
import type { LoggerKind } from './logger-factory.js';

/** Writes lines to a stream it does not own (stdout by default): close() waits for a drain but never ends it. */
export class StreamLogger implements Logger {
  readonly #stream: Writable;
  readonly #format: (typeof lineFormats)[number];
  #closed = false;

  constructor(stream: Writable, format: (typeof lineFormats)[number]) {
    this.#stream = stream;
    this.#format = format;
  }

  log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (this.#closed) throw new LoggerClosedError('console');
    const record = makeRecord(level, msg, fields);
    this.#stream.write(this.#format === 'json' ? toJsonLine(record) : toTextLine(record));
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#stream.writableNeedDrain) await once(this.#stream, 'drain');
  }
}

export const lineFormats = ['json', 'text'] as const;

// #region console-kind
/** Options of the `console` kind: a line format and, for tests, the stream to write to. */
export const consoleLoggerOptions = z.object({
  format: z.enum(lineFormats).default('json'),
  stream: z.custom<Writable>((value) => value instanceof Writable, 'expected a Writable stream').optional(),
});

export const consoleLoggerKind: LoggerKind<typeof consoleLoggerOptions, StreamLogger> = {
  options: consoleLoggerOptions,
  create: (options) => new StreamLogger(options.stream ?? process.stdout, options.format),
};
// #endregion console-kind
