/**
 * The W3C Trace Context `traceparent` header, parsed and formatted in one place. Chapter 6's message codec refuses to
 * publish one this parser would discard; Chapter 8 continues traces from it across HTTP and messages.
 */

// #region parse-traceparent
const HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/;
const HEX_BYTE = /^[0-9a-f]{2}$/;

/** The fields of a valid `traceparent` header. */
export interface ParsedTraceparent {
  readonly version: string;
  readonly traceId: string;
  readonly parentId: string;
  readonly flags: string;
}

/**
 * Parses a `traceparent` header; returns undefined for anything invalid, so the caller starts a new trace
 * (the spec's rule) instead of failing the request.
 *
 * @example parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')?.traceId
 */
export function parseTraceparent(value: unknown): ParsedTraceparent | undefined {
  if (typeof value !== 'string') return undefined;
  const header = value.trim();
  const [version, traceId, parentId, flags, ...rest] = header.split('-');
  if (version === undefined || traceId === undefined || parentId === undefined || flags === undefined) return undefined;
  if (!HEX_BYTE.test(version) || version === 'ff') return undefined;
  // Version 00 has exactly four fields; a later version may append fields, which we must ignore, not reject.
  if (version === '00' && rest.length > 0) return undefined;
  if (!HEX_TRACE_ID.test(traceId) || /^0+$/.test(traceId)) return undefined;
  if (!HEX_SPAN_ID.test(parentId) || /^0+$/.test(parentId)) return undefined;
  if (!HEX_BYTE.test(flags)) return undefined;
  return { version, traceId, parentId, flags };
}

/** Formats a span as the `traceparent` a callee receives: our span id becomes its parent id. */
export function formatTraceparent(span: {
  readonly traceId: string;
  readonly spanId: string;
  readonly flags: string;
}): string {
  return `00-${span.traceId}-${span.spanId}-${span.flags}`;
}
// #endregion parse-traceparent
