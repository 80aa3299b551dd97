import { request } from 'node:http';
import { Writable } from 'node:stream';
import express from 'express';
import { describe, expect, it, vi } from 'vitest';
import { withServer } from '../../support/net.js';
import { createLogger, requestLogger } from '../../../chapters/08-production/logging.js';

function memoryDestination(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('logging', () => {
  // #region redaction-test
  it('redacts authorization, cookies and passwords', () => {
    const out = memoryDestination();
    const log = createLogger({ destination: out.stream });
    log.info(
      {
        req: { headers: { authorization: 'Bearer secret', cookie: 'sid=abc', accept: 'text/html' } },
        user: { password: 'hunter2' },
      },
      'login',
    );
    const [line] = out.lines();
    expect(line?.req).toEqual({ headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'text/html' } });
    expect(line?.user).toEqual({ password: '[redacted]' });
    expect(JSON.stringify(line)).not.toMatch(/secret|sid=abc|hunter2/);
  });
  // #endregion redaction-test

  it('logs one line per request with the request id and trace, and handler logs carry the same ids', async () => {
    const out = memoryDestination();
    const log = createLogger({ destination: out.stream, service: 'orders' });
    const app = express();
    app.use(requestLogger(log));
    app.get('/orders/:id', async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.info('loading order'); // no ids passed: AsyncLocalStorage supplies them
      res.json({ ok: true });
    });

    const response = await withServer(app, (base) =>
      fetch(`${base}/orders/7`, {
        headers: {
          'x-request-id': 'client-req-1',
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          authorization: 'Bearer top-secret',
        },
      }),
    );

    expect(response.headers.get('x-request-id')).toBe('client-req-1');
    const [handlerLine, requestLine] = out.lines();
    expect(handlerLine).toMatchObject({
      msg: 'loading order',
      service: 'orders',
      requestId: 'client-req-1',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
    expect(requestLine).toMatchObject({
      msg: 'request completed',
      requestId: 'client-req-1',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      res: { statusCode: 200 },
    });
    expect(handlerLine?.spanId).toBe(requestLine?.spanId);
    expect(JSON.stringify(requestLine)).not.toContain('top-secret');
  });

  it('generates a request id when the incoming one is not safe to log', async () => {
    const out = memoryDestination();
    const app = express();
    app.use(requestLogger(createLogger({ destination: out.stream })));
    app.get('/', (_req, res) => void res.end());
    const response = await withServer(app, (base) => fetch(base, { headers: { 'x-request-id': 'x'.repeat(500) } }));
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stays quiet for probe paths', async () => {
    const out = memoryDestination();
    const app = express();
    app.use(requestLogger(createLogger({ destination: out.stream }), { quietPaths: ['/health/live'] }));
    app.get('/health/live', (_req, res) => void res.end());
    await withServer(app, (base) => fetch(`${base}/health/live`));
    expect(out.lines()).toEqual([]);
  });

  it('stays quiet for a probe path answered by a router mounted at a prefix', async () => {
    const out = memoryDestination();
    const app = express();
    app.use(requestLogger(createLogger({ destination: out.stream }), { quietPaths: ['/health/live'] }));
    const probes = express.Router();
    probes.get('/live', (_req, res) => void res.end());
    app.use('/health', probes);
    app.get('/health/other', (_req, res) => void res.end());
    await withServer(app, async (base) => {
      await fetch(`${base}/health/live`);
      await fetch(`${base}/health/other`);
    });
    expect(out.lines().map((line) => (line as { req: { url: string } }).req.url)).toEqual(['/health/other']);
  });

  it('logs one warning when the client leaves before the answer, and one info line for an answered request', async () => {
    const out = memoryDestination();
    const app = express();
    app.use(requestLogger(createLogger({ destination: out.stream })));
    let reached = (): void => undefined;
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    app.get('/hang', () => reached()); // never answers
    app.get('/ok', (_req, res) => void res.end());
    await withServer(app, async (base) => {
      const leaving = request(`${base}/hang`);
      leaving.on('error', () => undefined);
      leaving.end();
      await arrived;
      leaving.destroy();
      await vi.waitFor(() => expect(out.lines()).toHaveLength(1));
      await fetch(`${base}/ok`);
      await vi.waitFor(() => expect(out.lines()).toHaveLength(2));
    });
    const lines = out.lines() as { level: number; msg: string; req: { url: string } }[];
    expect(lines.map((line) => [line.level, line.msg, line.req.url])).toEqual([
      [40, 'request aborted by the client', '/hang'],
      [30, 'request completed', '/ok'],
    ]);
  });
});
