import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../support/net.js';
import { call } from './support/http.js';
import { startEmbedded, type RunningCapstone } from './support/capstone-harness.js';

const login = Buffer.from(JSON.stringify({ email: 'nobody@example.com', password: 'not a password at all' }));

// Each is the client's mistake. A 5xx would count against the HighErrorRatio alert and page on-call.
const mistakes: {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  status: number;
}[] = [
  {
    name: 'a charset the server cannot decode',
    method: 'POST',
    path: '/api/auth/login',
    headers: { 'content-type': 'application/json; charset=bogus' },
    body: login,
    status: 415,
  },
  {
    name: 'an unsupported content-encoding',
    method: 'POST',
    path: '/api/auth/login',
    headers: { 'content-type': 'application/json', 'content-encoding': 'compress' },
    body: login,
    status: 415,
  },
  {
    name: 'a gzip body that is not gzip',
    method: 'POST',
    path: '/api/users',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: login,
    status: 400,
  },
  {
    name: 'a JSON body sent as text/plain',
    method: 'POST',
    path: '/api/auth/login',
    headers: { 'content-type': 'text/plain' },
    body: login,
    status: 415,
  },
  {
    name: 'a path with a broken percent-escape',
    method: 'GET',
    path: '/api/products/%E0%A4%A',
    headers: {},
    body: undefined,
    status: 400,
  },
];

describe('the capstone answers client mistakes with a 4xx, never a 5xx', () => {
  let service: RunningCapstone;
  beforeAll(async () => {
    service = await startEmbedded('client-mistakes');
  });
  afterAll(async () => {
    await service.stop();
  });

  it.each(mistakes)('answers $status problem+json to $name', async (mistake) => {
    const answer = await rawRequest(service.url, mistake.method, mistake.path, mistake.headers, mistake.body);
    expect(answer.status).toBe(mistake.status);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: mistake.status });
  });

  it('counts none of them as a server error in /metrics', async () => {
    for (const mistake of mistakes)
      await rawRequest(service.url, mistake.method, mistake.path, mistake.headers, mistake.body);
    const metrics = await call(service.url, 'GET', '/metrics');
    expect(metrics.text).toMatch(/status_class="4xx"/);
    expect(metrics.text).not.toMatch(/status_class="5xx"/);
  });
});
