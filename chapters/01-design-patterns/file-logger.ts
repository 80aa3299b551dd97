import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { z } from 'zod';
import { LoggerClosedError, makeRecord, toJsonLine } from './logger.js';
import type { LogFields, Logger, LogLevel, StreamErrorHandler } from './logger.js';
import type { LoggerKind } from './logger-factory.js';

export type { StreamErrorHandler } from './logger.js';

export interface FileLoggerOptions {
  readonly path: string;
  /** `true` appends to an existing file; `false` truncates it. */
  readonly append: boolean;
  /** Where a failed write or open goes as it happens; close() also rejects with the first one. */
  readonly onError: StreamErrorHandler;
}

// #region file-logger
/**
 * JSON lines to a file through one write stream: log() queues the line and returns at once, the stream writes in the
 * background, and close() resolves only after every queued line is on disk and the file is closed.
 */
export class FileLogger implements Logger {
  readonly #stream: WriteStream;
  #firstError: Error | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: FileLoggerOptions) {
    this.#stream = createWriteStream(options.path, { flags: options.append ? 'a' : 'w' });
    // A stream 'error' with no listener is thrown and ends the process: a full disk must not take the service down.
    this.#stream.on('error', (error) => {
      this.#firstError ??= error;
      options.onError(error);
    });
  }

  log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (this.#closing) throw new LoggerClosedError('file');
    this.#stream.write(toJsonLine(makeRecord(level, msg, fields)));
  }

  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve, reject) => {
      const settle = (): void => (this.#firstError ? reject(this.#firstError) : resolve());
      if (this.#stream.closed) return settle();
      this.#stream.once('close', settle);
      this.#stream.end();
    });
    return this.#closing;
  }
}
// #endregion file-logger

// #region file-kind
export const fileLoggerOptions = z.object({
  path: z.string().min(1, 'path must name a file'),
  append: z.boolean().default(true),
  onError: z.custom<StreamErrorHandler>((value) => typeof value === 'function', 'expected a function').optional(),
});

export const fileLoggerKind: LoggerKind<typeof fileLoggerOptions, FileLogger> = {
  options: fileLoggerOptions,
  create: (options) =>
    new FileLogger({
      path: options.path,
      append: options.append,
      // Without a handler the failure still surfaces: as a process warning now, and from close() later.
      onError: options.onError ?? ((error) => process.emitWarning(error)),
    }),
};
// #endregion file-kind
