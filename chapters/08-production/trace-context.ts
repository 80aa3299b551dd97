/**
 * W3C Trace Context (`traceparent`) and a request id, carried through async code with AsyncLocalStorage and across
 * hops through HTTP or message headers. In production, OpenTelemetry's propagator does this job (and exports spans);
 * this module is the small core of it, so the logs of every service can be joined on `traceId`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomFillSync, randomUUID } from 'node:crypto';
import { formatTraceparent, parseTraceparent } from '../06-microservices/traceparent.js';

// The header's parser is Chapter 6's, where messages first carry it; the capstone formats through this module.
export { formatTraceparent };

/** What one hop knows about the trace it is part of. */
export interface TraceContext {
  /** 32 lowercase hex characters, shared by every hop of one trace. */
  readonly traceId: string;
  /** 16 lowercase hex characters naming this hop's span. */
  readonly spanId: string;
  /** The span id of the caller's span, when there was a valid incoming `traceparent`. */
  readonly parentSpanId?: string;
  /** Trace flags, two hex characters (`01` = sampled). */
  readonly flags: string;
  /** The request id the work started with; travels with the trace so logs can be searched by either. */
  readonly requestId: string;
}

/** Header map as both Node's HTTP headers and AMQP/other message headers look (values of any type). */
export type HeaderMap = Readonly<Record<string, unknown>>;

export const TRACEPARENT_HEADER = 'traceparent';
export const REQUEST_ID_HEADER = 'x-request-id';

/** A request id we accept from a client: short, printable, no spaces (anything else could forge log lines). */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** Returns the incoming request id if it is safe to log and echo, else undefined. */
export function validRequestId(value: unknown): string | undefined {
  return typeof value === 'string' && VALID_REQUEST_ID.test(value) ? value : undefined;
}

// Ids come from one pooled buffer of CSPRNG bytes, refilled when used up (as randomUUID does internally): a
// `randomBytes` call per id is a synchronous trip into the native random source, twice per request.
const RANDOM_POOL_BYTES = 4096;
const randomPool = Buffer.alloc(RANDOM_POOL_BYTES);
let randomOffset = RANDOM_POOL_BYTES;

function randomHex(bytes: number): string {
  if (randomOffset + bytes > RANDOM_POOL_BYTES) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  const hex = randomPool.toString('hex', randomOffset, randomOffset + bytes);
  randomOffset += bytes;
  return hex;
}

export function newSpanId(): string {
  let id = randomHex(8);
  while (/^0+$/.test(id)) id = randomHex(8); // all zeroes is invalid; vanishingly rare
  return id;
}

export function newTraceId(): string {
  let id = randomHex(16);
  while (/^0+$/.test(id)) id = randomHex(16);
  return id;
}

function firstHeader(headers: HeaderMap, name: string): unknown {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? (value as unknown[])[0] : value;
}

/**
 * The context for the work that receives these headers: a child span of the incoming `traceparent`, or a new
 * trace when it is absent or invalid; the incoming request id when valid, else a new one.
 */
export function contextFromHeaders(headers: HeaderMap): TraceContext {
  const incoming = parseTraceparent(firstHeader(headers, TRACEPARENT_HEADER));
  const requestId = validRequestId(firstHeader(headers, REQUEST_ID_HEADER)) ?? randomUUID();
  if (!incoming) return { traceId: newTraceId(), spanId: newSpanId(), flags: '01', requestId };
  return {
    traceId: incoming.traceId,
    spanId: newSpanId(),
    parentSpanId: incoming.parentId,
    flags: incoming.flags,
    requestId,
  };
}

// #region async-context
const storage = new AsyncLocalStorage<TraceContext>();

/** The trace context of the code that is running now (set by the HTTP middleware or a message consumer). */
export function currentTraceContext(): TraceContext | undefined {
  return storage.getStore();
}

/** Runs `fn` (and every async continuation it starts) with `context` as the current trace context. */
export function runWithTraceContext<T>(context: TraceContext, fn: () => T): T {
  return storage.run(context, fn);
}

/**
 * Adds `traceparent` and `x-request-id` for an outgoing hop (HTTP call or message) to a copy of `headers`.
 * Each hop gets its own span id, a child of the current span; outside any context a new trace starts.
 *
 * @example channel.publish(exchange, key, body, { headers: injectTraceHeaders({ 'content-type': 'application/json' }) })
 */
export function injectTraceHeaders<H extends Record<string, unknown>>(
  headers: H = {} as H,
): H & { traceparent: string; 'x-request-id': string } {
  const current = currentTraceContext();
  const hop = current
    ? { traceId: current.traceId, spanId: newSpanId(), flags: current.flags }
    : { traceId: newTraceId(), spanId: newSpanId(), flags: '01' };
  return { ...headers, traceparent: formatTraceparent(hop), 'x-request-id': current?.requestId ?? randomUUID() };
}

/**
 * The consuming side: the trace context a received message (or request) continues. Run the handler inside it with
 * `runWithTraceContext(extractTraceContext(headers), () => handle(message))` and its logs carry the same traceId.
 */
export function extractTraceContext(headers: HeaderMap | undefined): TraceContext {
  return contextFromHeaders(headers ?? {});
}
// #endregion async-context
