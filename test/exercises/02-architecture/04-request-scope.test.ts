import { EventEmitter, once } from 'node:events';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problemDetails } from '../../../chapters/02-architecture/adapters/http/problem-details.middleware.js';
import { Container } from '../../../chapters/02-architecture/container/container.js';
import { createToken } from '../../../chapters/02-architecture/container/token.js';
import { listen, type RunningServer } from '../../chapters/02-architecture/support/http.js';
import { NoRequestScopeError, requestScope, scopeOf } from '#exercise/02-architecture/04-request-scope';

interface RequestContext {
  readonly n: number;
}
const Context = createToken<RequestContext>('requestContext');

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An app with one scoped registration; `events` emits 'disposed' with the context each time a scope is disposed. */
async function start(options: { failDispose?: boolean; onDisposeError?: (error: unknown) => void } = {}) {
  const events = new EventEmitter();
  let created = 0;
  const container = new Container().registerFactory(Context, {
    lifetime: 'scoped',
    create: () => ({ n: ++created }),
    dispose: (context) => {
      events.emit('disposed', context);
      if (options.failDispose) throw new Error('dispose failed');
    },
  });
  const app = express();
  app.use(requestScope(container, options.onDisposeError ? { onDisposeError: options.onDisposeError } : {}));
  app.get('/context', async (_req, res) => {
    const scope = scopeOf(res);
    const [a, b] = [await scope.resolve(Context), await scope.resolve(Context)];
    res.json({ n: a.n, same: a === b });
  });
  app.get('/hang', async (_req, res) => {
    await scopeOf(res).resolve(Context);
    res.once('close', () => setImmediate(() => events.emit('hung-up'))); // after requestScope's own listener has run
    events.emit('resolved'); // and never answer: the client gives up
  });
  app.get('/fail', async (_req, res) => {
    await scopeOf(res).resolve(Context);
    throw new Error('handler failed');
  });
  app.use(problemDetails({ onUnexpectedError: () => {} }));
  server = await listen(app);
  return { url: server.url, events };
}

describe('02.4 a request scope per HTTP request', () => {
  it('shares one scoped instance within a request and gives the next request its own', async () => {
    const { url } = await start();
    expect(await (await fetch(`${url}/context`)).json()).toEqual({ n: 1, same: true });
    expect(await (await fetch(`${url}/context`)).json()).toEqual({ n: 2, same: true });
  });

  it('disposes the scope once the response is sent', async () => {
    const { url, events } = await start();
    const disposed = once(events, 'disposed');
    await fetch(`${url}/context`);
    expect(await disposed).toEqual([{ n: 1 }]);
  });

  it('disposes the scope when the handler throws, too', async () => {
    const { url, events } = await start();
    const disposed = once(events, 'disposed');
    expect((await fetch(`${url}/fail`)).status).toBe(500);
    expect(await disposed).toEqual([{ n: 1 }]);
  });

  it('reports a failing dispose to onDisposeError instead of crashing the process', async () => {
    const reported = new EventEmitter();
    const onDisposeError = vi.fn((error: unknown) => reported.emit('error-reported', error));
    const { url } = await start({ failDispose: true, onDisposeError });
    const report = once(reported, 'error-reported');
    expect((await fetch(`${url}/context`)).status).toBe(200);
    const [error] = await report;
    expect(error).toBeInstanceOf(AggregateError);
  });

  it('throws NoRequestScopeError from scopeOf when the middleware is not mounted', () => {
    expect(() => scopeOf({} as express.Response)).toThrow(NoRequestScopeError);
    expect(() => scopeOf({} as express.Response)).toThrow(
      expect.objectContaining({
        name: 'NoRequestScopeError',
        code: 'NO_REQUEST_SCOPE',
        message: expect.stringContaining('requestScope'),
      }),
    );
  });

  it('disposes the scope of a request whose client hung up before the answer', async () => {
    const { url, events } = await start();
    const disposed: unknown[] = [];
    events.on('disposed', (context) => disposed.push(context));
    const resolved = once(events, 'resolved');
    const hungUp = once(events, 'hung-up');
    const client = new AbortController();
    const request = fetch(`${url}/hang`, { signal: client.signal }).catch((error: unknown) => error);
    await resolved;
    client.abort();
    expect(await request).toBeInstanceOf(Error);
    await hungUp;
    expect(disposed).toEqual([{ n: 1 }]);
  });

  it('reports a failing dispose with console.error when no onDisposeError is given', async () => {
    const reported = new EventEmitter();
    const consoleError = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      reported.emit('logged', args);
    });
    try {
      const { url } = await start({ failDispose: true });
      const logged = once(reported, 'logged');
      expect((await fetch(`${url}/context`)).status).toBe(200);
      const [args] = (await logged) as [unknown[]];
      expect(args).toEqual([expect.stringContaining('dispose'), expect.any(AggregateError)]);
    } finally {
      consoleError.mockRestore();
    }
  });
});
