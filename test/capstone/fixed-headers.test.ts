import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import { fixedHeaders } from '../../capstone/api/http-app.js';
import { withServer } from '../support/net.js';

/** The answer's headers but the ones that change per response. */
async function headersOf(security: RequestHandler): Promise<[string, string][]> {
  const app = express();
  app.use(security);
  app.get('/', (_req, res) => void res.json({ ok: true }));
  const response = await withServer(app, (base) => fetch(base));
  return [...response.headers].filter(([name]) => !['date', 'keep-alive', 'connection'].includes(name));
}

describe('fixedHeaders', () => {
  it("sets exactly helmet's headers, x-powered-by removed", async () => {
    const replayed = await headersOf(fixedHeaders(helmet()));
    expect(replayed).toEqual(await headersOf(helmet()));
    expect(replayed.map(([name]) => name)).toContain('content-security-policy');
    expect(replayed.map(([name]) => name)).not.toContain('x-powered-by');
  });

  it('refuses at start-up a middleware whose headers depend on the request', () => {
    const perRequest = helmet({
      contentSecurityPolicy: { directives: { scriptSrc: ["'self'", (req) => `'nonce-${String(req.headers)}'`] } },
    });
    expect(() => fixedHeaders(perRequest)).toThrow(/reads the request/);
    const late: RequestHandler = (_req, _res, next) => void setTimeout(next, 1);
    expect(() => fixedHeaders(late)).toThrow(/did not call next\(\) at once/);
  });
});
