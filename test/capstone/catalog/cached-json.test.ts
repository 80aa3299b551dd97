import { request } from 'node:http';
import express, { type Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createCachedJsonSender } from '../../../capstone/catalog/cached-json.js';
import { listenOnLoopback, type LoopbackServer } from '../../../chapters/05-testing/harness/loopback-server.js';

const page = { items: [{ id: 'a', name: 'Mug <blue> & "tall"', priceCents: 1250, stock: 3 }], next: null };

/** The same value answered by `res.json` on `/json` and by the cached sender on `/cached`. */
function twinRoutes(configure: (app: Express) => void = () => undefined): Express {
  const app = express();
  configure(app);
  const send = createCachedJsonSender();
  app.get('/json', (_req, res) => {
    res.json(page);
  });
  app.get('/cached', (_req, res) => {
    send(res, page);
  });
  return app;
}

interface Answer {
  status: number;
  headers: [string, string][];
  body: string;
}

/** One request over node:http (fetch adds cache headers to conditional requests); headers in wire order, no Date. */
function answer(
  server: LoopbackServer,
  path: string,
  options: { method?: string; etag?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = options.etag === undefined ? {} : { 'if-none-match': options.etag };
    const req = request(`${server.url}${path}`, { method: options.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = (res.rawHeaders[i] ?? '').toLowerCase();
          if (name !== 'date') pairs.push([name, res.rawHeaders[i + 1] ?? '']);
        }
        resolve({ status: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createCachedJsonSender', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers with the status, headers (in order) and body res.json gives, on the first and on later requests', async () => {
    server = await listenOnLoopback(twinRoutes());
    const expected = await answer(server, '/json');
    expect(expected.headers.map(([name]) => name)).toEqual(expect.arrayContaining(['content-type', 'etag']));
    expect(await answer(server, '/cached')).toEqual(expected);
    expect(await answer(server, '/cached')).toEqual(expected);
  });

  it('answers 304 to a request that already holds the ETag, like res.json', async () => {
    server = await listenOnLoopback(twinRoutes());
    const etag = (await answer(server, '/json')).headers.find(([name]) => name === 'etag')?.[1];
    const expected = await answer(server, '/json', { etag });
    expect(expected.status).toBe(304);
    expect(await answer(server, '/cached', { etag })).toEqual(expected);
  });

  it('answers HEAD with the headers of GET and no body, like res.json', async () => {
    server = await listenOnLoopback(twinRoutes());
    const expected = await answer(server, '/json', { method: 'HEAD' });
    expect(await answer(server, '/cached', { method: 'HEAD' })).toEqual(expected);
  });

  it("follows the app's json settings (spaces, escape) and its etag setting", async () => {
    server = await listenOnLoopback(
      twinRoutes((app) => {
        app.set('json spaces', 2);
        app.set('json escape', true);
        app.set('etag', 'strong');
      }),
    );
    const expected = await answer(server, '/json');
    expect(expected.body).toContain('\\u003cblue\\u003e \\u0026');
    expect(await answer(server, '/cached')).toEqual(expected);
  });

  it('sends no ETag when the app turned ETags off, like res.json', async () => {
    server = await listenOnLoopback(twinRoutes((app) => app.set('etag', false)));
    const expected = await answer(server, '/json');
    expect(expected.headers.map(([name]) => name)).not.toContain('etag');
    expect(await answer(server, '/cached')).toEqual(expected);
  });
});
