import { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { z } from 'zod';
import { LoggerClosedError, makeRecord, toJsonLine, toTextLine } from './logger.js';
import type { LogFields, Logger, LogLevel, StreamErrorHandler } from './logger.js';
import type { LoggerKind } from './logger-factory.js';
import { PatternError } from './pattern-error.js';

export const lineFormats = ['json', 'text'] as const;
export type LineFormat = (typeof lineFormats)[number];

export interface StreamLoggerOptions {
  readonly format: LineFormat;
  /** Receives the destination's first failure (EPIPE, a destroyed stream); later lines are dropped and counted. */
  readonly onError: StreamErrorHandler;
}

/** The destination failed: the logger stops writing to it, and counts what it drops from then on. */
export class LoggerDestinationError extends PatternError {
  readonly code = 'LOGGER_DESTINATION_FAILED';

  constructor(cause: Error) {
    super(`console logger's destination failed (${cause.message}): later lines are dropped and counted`, { cause });
  }
}

/**
 * Writes lines to a stream it does not own (stdout by default): close() waits for its own lines but never ends it.
 * It listens for the stream's 'error', because an 'error' with no listener is thrown: a reader that went away
 * (`npm start | head`, EPIPE) would otherwise end the process.
 */
export class StreamLogger implements Logger {
  readonly #stream: Writable;
  readonly #format: LineFormat;
  readonly #onError: StreamErrorHandler;
  #failed = false;
  #dropped = 0;
  #pending = 0;
  #whenIdle: (() => void) | undefined;
  #closing: Promise<void> | undefined;

  constructor(stream: Writable, options: StreamLoggerOptions) {
    this.#stream = stream;
    this.#format = options.format;
    this.#onError = options.onError;
    stream.on('error', this.#failWith);
  }

  /** Lines not written because the destination had failed. */
  get droppedLines(): number {
    return this.#dropped;
  }

  log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (this.#closing) throw new LoggerClosedError('console');
    if (this.#failed || this.#stream.destroyed || !this.#stream.writable) {
      this.#dropped += 1;
      return;
    }
    const record = makeRecord(level, msg, fields);
    this.#pending += 1;
    this.#stream.write(this.#format === 'json' ? toJsonLine(record) : toTextLine(record), () => {
      this.#pending -= 1;
      if (this.#pending === 0) this.#whenIdle?.();
    });
  }

  /** Waits until every line this logger wrote has been handed on (or failed), then stops listening to the stream. */
  close(): Promise<void> {
    this.#closing ??= this.#settle();
    return this.#closing;
  }

  async #settle(): Promise<void> {
    if (this.#pending > 0 && !this.#failed) await new Promise<void>((resolve) => (this.#whenIdle = resolve));
    // A failed write calls back first and emits 'error' on a later tick: keep listening until that tick has passed.
    await nextTurn();
    this.#stream.off('error', this.#failWith);
  }

  readonly #failWith = (error: Error): void => {
    if (this.#failed) return;
    this.#failed = true;
    this.#whenIdle?.();
    this.#onError(new LoggerDestinationError(error));
  };
}

// #region console-kind
/** Options of the `console` kind: a line format, where a failing destination is reported, and (for tests) the stream. */
export const consoleLoggerOptions = z.object({
  format: z.enum(lineFormats).default('json'),
  stream: z.custom<Writable>((value) => value instanceof Writable, 'expected a Writable stream').optional(),
  onError: z.custom<StreamErrorHandler>((value) => typeof value === 'function', 'expected a function').optional(),
});

export const consoleLoggerKind: LoggerKind<typeof consoleLoggerOptions, StreamLogger> = {
  options: consoleLoggerOptions,
  create: (options) =>
    new StreamLogger(options.stream ?? process.stdout, {
      format: options.format,
      // Stderr is the one place left to say that stdout went away; a warning is printed once, not per line.
      onError: options.onError ?? ((error) => process.emitWarning(error)),
    }),
};
// #endregion console-kind
