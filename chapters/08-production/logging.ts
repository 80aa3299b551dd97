/**
 * JSON logs with pino: every line carries the current request id and trace ids (from AsyncLocalStorage), secrets are
 * redacted by path, and a small HTTP middleware logs one line per request. `pino-http` does the same job with more
 * options; writing the middleware shows what it has to get right.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { pino } from 'pino';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';
import { REQUEST_ID_HEADER, contextFromHeaders, currentTraceContext, runWithTraceContext } from './trace-context.js';

export { extractTraceContext, injectTraceHeaders, runWithTraceContext } from './trace-context.js';
export type { Logger } from 'pino';

// #region redaction
/**
 * Paths pino removes before a line is written. Redaction by path is cheap (compiled once) and cannot forget a
 * field the way hand-written `delete` calls do; anything not listed is logged, so log headers, not bodies.
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  '*.*.password',
  'token',
  '*.token',
];
// #endregion redaction

export interface CreateLoggerOptions {
  /** Defaults to `info`; `LOG_LEVEL` in the environment is the usual source. */
  readonly level?: string;
  /** Service name on every line. */
  readonly service?: string;
  /** Where lines go; defaults to stdout (the platform collects stdout, the process does not ship logs). */
  readonly destination?: DestinationStream;
  /** Extra paths to redact, added to REDACT_PATHS. */
  readonly redact?: readonly string[];
}

/**
 * A pino logger whose every line includes `requestId`, `traceId` and `spanId` of the current context.
 *
 * @example const log = createLogger({ service: 'orders' }); log.info({ orderId }, 'order placed');
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: options.service === undefined ? {} : { service: options.service },
    redact: { paths: [...REDACT_PATHS, ...(options.redact ?? [])], censor: '[redacted]' },
    // The mixin runs per line: it reads AsyncLocalStorage, so code far from the request logs with its ids for free.
    mixin() {
      const context = currentTraceContext();
      return context === undefined
        ? {}
        : { requestId: context.requestId, traceId: context.traceId, spanId: context.spanId };
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination === undefined ? pino(config) : pino(config, options.destination);
}

function pickHeaders(headers: IncomingHttpHeaders | Record<string, unknown>): Record<string, unknown> {
  return { ...headers };
}

// #region request-logger
export interface RequestLoggerOptions {
  /** Full paths not worth a line (probes, scrapes), also under a mounted router: they still get a request id and context. */
  readonly quietPaths?: readonly string[];
}

/**
 * Express middleware: takes or makes the request id, continues or starts the trace, runs the rest of the request
 * inside that context, echoes `x-request-id`, and logs one line when the response closes (finished, or the client left).
 */
export function requestLogger(logger: Logger, options: RequestLoggerOptions = {}): RequestHandler {
  const quiet = new Set(options.quietPaths ?? []);
  return (req: Request, res: Response, next: NextFunction): void => {
    const context = contextFromHeaders(req.headers);
    res.setHeader(REQUEST_ID_HEADER, context.requestId);
    const started = process.hrtime.bigint();
    // Read the path now: once a router mounted at a prefix (`/health`) has answered, `req.path` is relative to it.
    let logged = quiet.has(req.path);
    const done = (): void => {
      if (logged) return;
      logged = true;
      const aborted = !res.writableFinished;
      const level = aborted ? 'warn' : res.statusCode >= 500 ? 'error' : 'info';
      // Build the line only when it will be written: copying both header maps costs more than the write at silent.
      if (!logger.isLevelEnabled(level)) return;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const fields = {
        requestId: context.requestId,
        traceId: context.traceId,
        spanId: context.spanId,
        ...(context.parentSpanId === undefined ? {} : { parentSpanId: context.parentSpanId }),
        req: { method: req.method, url: req.originalUrl, headers: pickHeaders(req.headers) },
        res: { statusCode: res.statusCode, headers: pickHeaders(res.getHeaders()) },
        durationMs: Math.round(durationMs * 1000) / 1000,
      };
      if (level === 'warn') logger.warn(fields, 'request aborted by the client');
      else if (level === 'error') logger.error(fields, 'request failed');
      else logger.info(fields, 'request completed');
    };
    // 'close' alone: it follows 'finish' of an answered request and also comes when the client leaves first.
    res.on('close', done);
    runWithTraceContext(context, next);
  };
}
// #endregion request-logger
