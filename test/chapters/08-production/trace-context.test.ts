import { describe, expect, it } from 'vitest';
import { parseTraceparent } from '../../../chapters/06-microservices/traceparent.js';
import {
  currentTraceContext,
  extractTraceContext,
  injectTraceHeaders,
  runWithTraceContext,
} from '../../../chapters/08-production/trace-context.js';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

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
