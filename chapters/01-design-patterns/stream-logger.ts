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
  /** While the stream holds this many unwritten bytes, new lines are dropped (and counted) instead of buffered. */
  readonly maxBufferedBytes: number;
  /** How long close() waits for the destination to take this logger's lines before it rejects. */
  readonly closeTimeoutMs: number;
}

/** The destination failed: the logger stops writing to it, and counts what it drops from then on. */
export class LoggerDestinationError extends PatternError {
  readonly code = 'LOGGER_DESTINATION_FAILED';

  constructor(cause: Error) {
    super(`console logger's destination failed (${cause.message}): later lines are dropped and counted`, { cause });
  }
}

/** close() gave up: the destination still had not taken every line at the deadline. */
export class LoggerCloseTimeoutError extends PatternError {
  readonly code = 'LOGGER_CLOSE_TIMEOUT';

  constructor(
    readonly unwrittenLines: number,
    readonly timeoutMs: number,
  ) {
    super(
      `console logger: ${unwrittenLines} line(s) still unwritten after ${timeoutMs} ms; the destination is stalled`,
    );
  }
}

/**
 * Writes lines to a stream it does not own (stdout by default): close() waits for its own lines but never ends it.
 * It listens for the stream's 'error', because an 'error' with no listener is thrown: a reader that went away
 * (`npm start | head`, EPIPE) would otherwise end the process.
 *
 * Backpressure policy: log() cannot wait, so while the destination holds `maxBufferedBytes` unwritten, new lines are
 * dropped and counted, and the next line that fits is preceded by a `warn` line saying how many were lost.
 */
export class StreamLogger implements Logger {
  readonly #stream: Writable;
  readonly #format: LineFormat;
  readonly #onError: StreamErrorHandler;
  readonly #maxBufferedBytes: number;
  readonly #closeTimeoutMs: number;
  #failed = false;
  #dropped = 0;
  #droppedSinceNotice = 0;
  #pending = 0;
  #whenIdle: (() => void) | undefined;
  #closing: Promise<void> | undefined;

  constructor(stream: Writable, options: StreamLoggerOptions) {
    this.#stream = stream;
    this.#format = options.format;
    this.#onError = options.onError;
    this.#maxBufferedBytes = options.maxBufferedBytes;
    this.#closeTimeoutMs = options.closeTimeoutMs;
    stream.on('error', this.#failWith);
  }

  /** Lines not written because the destination had failed or was full. */
  get droppedLines(): number {
    return this.#dropped;
  }

  log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (this.#closing) throw new LoggerClosedError('console');
    if (this.#failed || this.#stream.destroyed || !this.#stream.writable) {
      this.#dropped += 1;
      return;
    }
    if (this.#stream.writableLength >= this.#maxBufferedBytes) {
      this.#dropped += 1;
      this.#droppedSinceNotice += 1;
      return;
    }
    if (this.#droppedSinceNotice > 0) {
      this.#write('warn', 'log lines dropped while the destination was stalled', {
        droppedLines: this.#droppedSinceNotice,
      });
      this.#droppedSinceNotice = 0;
    }
    this.#write(level, msg, fields);
  }

  #write(level: LogLevel, msg: string, fields?: LogFields): void {
    const record = makeRecord(level, msg, fields);
    this.#pending += 1;
    this.#stream.write(this.#format === 'json' ? toJsonLine(record) : toTextLine(record), () => {
      this.#pending -= 1;
      if (this.#pending === 0) this.#whenIdle?.();
    });
  }

  /**
   * Waits until every line this logger wrote has been handed on (or failed), then stops listening to the stream.
   * Rejects with `LoggerCloseTimeoutError` after `closeTimeoutMs`, still listening, since those lines may yet fail.
   */
  close(): Promise<void> {
    this.#closing ??= this.#settle();
    return this.#closing;
  }

  async #settle(): Promise<void> {
    if (this.#pending > 0 && !this.#failed) await this.#idleOrDeadline();
    // A failed write calls back first and emits 'error' on a later tick: keep listening until that tick has passed.
    await nextTurn();
    this.#stream.off('error', this.#failWith);
  }

  async #idleOrDeadline(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<'idle'>((resolve) => (this.#whenIdle = () => resolve('idle')));
    const deadline = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(resolve, this.#closeTimeoutMs, 'timeout')),
    );
    const outcome = await Promise.race([idle, deadline]);
    clearTimeout(timer);
    if (outcome === 'timeout') throw new LoggerCloseTimeoutError(this.#pending, this.#closeTimeoutMs);
  }

  readonly #failWith = (error: Error): void => {
    if (this.#failed) return;
    this.#failed = true;
    this.#whenIdle?.();
    this.#onError(new LoggerDestinationError(error));
  };
}

// #region console-kind
/** Options of the `console` kind: a line format, its bounds, where a failing destination is reported, and the stream. */
export const consoleLoggerOptions = z.object({
  format: z.enum(lineFormats).default('json'),
  stream: z.custom<Writable>((value) => value instanceof Writable, 'expected a Writable stream').optional(),
  onError: z.custom<StreamErrorHandler>((value) => typeof value === 'function', 'expected a function').optional(),
  maxBufferedBytes: z
    .number()
    .int()
    .min(1)
    .default(1024 * 1024),
  closeTimeoutMs: z.number().int().min(1).max(60_000).default(5_000),
});

export const consoleLoggerKind: LoggerKind<typeof consoleLoggerOptions, StreamLogger> = {
  options: consoleLoggerOptions,
  create: (options) =>
    new StreamLogger(options.stream ?? process.stdout, {
      format: options.format,
      maxBufferedBytes: options.maxBufferedBytes,
      closeTimeoutMs: options.closeTimeoutMs,
      // Stderr is the one place left to say that stdout went away; a warning is printed once, not per line.
      onError: options.onError ?? ((error) => process.emitWarning(error)),
    }),
};
// #endregion console-kind
