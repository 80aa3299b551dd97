import { request } from 'node:http';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { jsonBody } from '../../../chapters/02-architecture/adapters/http/json-body.middleware.js';
import { problemDetails } from '../../../chapters/02-architecture/adapters/http/problem-details.middleware.js';
import { withServer } from '../../support/net.js';

/** An app that echoes what the parser left in `req.body` (`"absent"` for undefined). */
function echoApp(): express.Express {
  const app = express();
  app.use(jsonBody());
  app.all('/echo', (req, res) => {
    res.json({ body: req.body === undefined ? 'absent' : (req.body as unknown) });
  });
  app.use(problemDetails({ onUnexpectedError: () => undefined }));
  return app;
}

/** One request over node:http: `chunks` without `content-length` go out with `Transfer-Encoding: chunked`. */
function send(
  base: string,
  method: string,
  chunks: string[],
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/echo`, { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>,
        }),
      );
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const jsonType = { 'content-type': 'application/json' };

describe('jsonBody', () => {
  it('parses a body announced by Content-Length', async () => {
    await withServer(echoApp(), async (base) => {
      const text = '{"a":1}';
      const answer = await send(base, 'POST', [text], { ...jsonType, 'content-length': String(text.length) });
      expect(answer.body).toEqual({ body: { a: 1 } });
    });
  });

  it('parses a chunked body, which has no Content-Length', async () => {
    await withServer(echoApp(), async (base) => {
      expect((await send(base, 'POST', ['{"a":', '2}'], jsonType)).body).toEqual({ body: { a: 2 } });
    });
  });

  it('parses a body sent with a GET, and answers 400 to a malformed one', async () => {
    await withServer(echoApp(), async (base) => {
      expect((await send(base, 'GET', ['{"a":3}'], { ...jsonType, 'content-length': '7' })).body).toEqual({
        body: { a: 3 },
      });
      const malformed = await send(base, 'GET', ['{"a":'], { ...jsonType, 'content-length': '5' });
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ code: 'MALFORMED_JSON' });
    });
  });

  it('leaves the body undefined on a request without one, and parses an announced empty body as {}', async () => {
    await withServer(echoApp(), async (base) => {
      expect((await send(base, 'GET', [])).body).toEqual({ body: 'absent' });
      expect((await send(base, 'POST', [], { ...jsonType, 'content-length': '0' })).body).toEqual({ body: {} });
    });
  });
});
