import { describe, expect, it } from 'vitest';
import {
  currentTraceContext,
  extractTraceContext,
  formatTraceparent,
  injectTraceHeaders,
  parseTraceparent,
  runWithTraceContext,
} from '../../../chapters/08-production/trace-context.js';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('traceparent', () => {
  it('parses a valid version-00 header', () => {
    expect(parseTraceparent(VALID)).toEqual({
      version: '00',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentId: '00f067aa0ba902b7',
      flags: '01',
    });
  });

  it.each([
    ['uppercase hex', VALID.toUpperCase()],
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['a short trace id', '00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01'],
    ['extra fields on version 00', `${VALID}-extra`],
    ['not a string', 42],
  ])('rejects %s', (_label, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });

  it('accepts a future version with extra fields, reading only the known ones', () => {
    expect(parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-ever')?.traceId).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
  });

  it('formats the context so the callee sees our span as its parent', () => {
    expect(formatTraceparent({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), flags: '01' })).toBe(
      `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
    );
  });
});

describe('propagation through message headers', () => {
  // #region propagation
  it('carries the trace from a request into a message and into the consumer, with a new span per hop', async () => {
    const incoming = extractTraceContext({ traceparent: VALID, 'x-request-id': 'req-42' });
    const headers = runWithTraceContext(incoming, () => injectTraceHeaders({ 'content-type': 'application/json' }));

    const consumed = extractTraceContext(headers);
    const seenByHandler = await runWithTraceContext(consumed, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1)); // context survives awaits
      return currentTraceContext();
    });

    expect(incoming).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7' });
    expect(headers['content-type']).toBe('application/json');
    expect(seenByHandler?.traceId).toBe(incoming.traceId);
    expect(seenByHandler?.requestId).toBe('req-42');
    const spans = new Set([incoming.spanId, parseTraceparent(headers.traceparent)?.parentId, seenByHandler?.spanId]);
    expect(spans.size).toBe(3);
    expect(seenByHandler?.parentSpanId).toBe(parseTraceparent(headers.traceparent)?.parentId);
  });
  // #endregion propagation

  it('starts a new trace and request id when the headers carry none or garbage', () => {
    const context = extractTraceContext({ traceparent: 'garbage', 'x-request-id': 'has spaces\nand a newline' });
    expect(context.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(context.parentSpanId).toBeUndefined();
    expect(context.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads headers given as arrays (as Node gives repeated HTTP headers)', () => {
    expect(extractTraceContext({ traceparent: [VALID] }).traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('starts a new trace when injecting outside any context', () => {
    expect(currentTraceContext()).toBeUndefined();
    expect(parseTraceparent(injectTraceHeaders().traceparent)).toBeDefined();
  });
});
