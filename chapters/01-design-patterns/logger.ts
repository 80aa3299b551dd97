import { PatternError } from './pattern-error.js';

/** Levels from least to most severe; the order matters for filtering. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Readonly<Record<string, unknown>>;

export interface LogRecord {
  /** ISO 8601 time the record was made. */
  readonly time: string;
  readonly level: LogLevel;
  readonly msg: string;
  readonly fields?: LogFields;
}

/** What every logger product offers: write a record now, flush and release everything on close. */
export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  /** Flushes what is buffered and releases the destination. Safe to call twice. */
  close(): Promise<void>;
}

/** Receives a failure of a logger's destination (a full disk, a reader that went away) as it happens. */
export type StreamErrorHandler = (error: Error) => void;

export class LoggerClosedError extends PatternError {
  readonly code = 'LOGGER_CLOSED';

  constructor(readonly kind: string) {
    super(`${kind} logger is closed: log() is not allowed after close()`);
  }
}

/** 0 for `debug` up to 3 for `error`. */
export function levelRank(level: LogLevel): number {
  return LOG_LEVELS.indexOf(level);
}

export function makeRecord(level: LogLevel, msg: string, fields?: LogFields): LogRecord {
  const time = new Date().toISOString();
  return fields === undefined ? { time, level, msg } : { time, level, msg, fields };
}

/** One JSON object per line. Fields never overwrite `time`, `level` or `msg`. */
export function toJsonLine(record: LogRecord): string {
  const line: Record<string, unknown> = { time: record.time, level: record.level, msg: record.msg };
  for (const [key, value] of Object.entries(record.fields ?? {})) {
    if (!(key in line)) line[key] = value;
  }
  try {
    return `${JSON.stringify(line)}\n`;
  } catch (error) {
    // A circular object or a BigInt in the fields must not cost us the message itself.
    const reason = error instanceof Error ? error.message : String(error);
    return `${JSON.stringify({ time: record.time, level: record.level, msg: record.msg, logError: reason })}\n`;
  }
}

/** `2024-01-01T00:00:00.000Z INFO message key=value`, for people reading a terminal. Never throws. */
export function toTextLine(record: LogRecord): string {
  let fields: string;
  try {
    fields = Object.entries(record.fields ?? {})
      .map(([key, value]) => ` ${key}=${toTextValue(value)}`)
      .join('');
  } catch (error) {
    // A getter or proxy that throws while the fields are read: keep the message, say why the fields are missing.
    fields = ` logError=${firstLine(error)}`;
  }
  return `${record.time} ${record.level.toUpperCase()} ${record.msg}${fields}\n`;
}

/** One field's value: strings as they are, BigInts as digits, a value JSON cannot hold (a cycle) named, not thrown. */
function toTextValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  try {
    return String(
      JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner)),
    );
  } catch (error) {
    return `[unserializable: ${firstLine(error)}]`;
  }
}

// V8's message for a cycle spans several lines; a text log line must stay one line.
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? '';
}
