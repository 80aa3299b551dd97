import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  notFound,
  problemDetails,
  toProblem,
} from '../../../chapters/02-architecture/adapters/http/problem-details.middleware.js';
import { createApp } from '../../../chapters/02-architecture/app.js';
import type { RegisterUser } from '../../../chapters/02-architecture/application/register-user.use-case.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
} from '../../../chapters/02-architecture/errors/app-error.js';
import { listen, postJson, type RunningServer } from './support/http.js';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An app whose one route throws `error`. */
async function throwing(error: unknown, onUnexpectedError = vi.fn()): Promise<string> {
  const app = express();
  app.get('/boom', () => {
    throw error;
  });
  app.use(notFound());
  app.use(problemDetails({ onUnexpectedError }));
  server = await listen(app);
  return server.url;
}

describe('problem details middleware', () => {
  it.each([
    [new ValidationError('bad', [{ field: 'email', rule: 'format', message: 'm' }]), 400, 'VALIDATION_FAILED'],
    [new UnauthorizedError('no token'), 401, 'UNAUTHORIZED'],
    [new ForbiddenError('not yours'), 403, 'FORBIDDEN'],
    [new NotFoundError('no such order'), 404, 'NOT_FOUND'],
    [new ConflictError('taken'), 409, 'CONFLICT'],
    [new PayloadTooLargeError(100), 413, 'PAYLOAD_TOO_LARGE'],
    [new ServiceUnavailableError('database down', 5), 503, 'SERVICE_UNAVAILABLE'],
  ])('maps %s to %i with code %s as application/problem+json', async (error, status, code) => {
    const url = await throwing(error);
    const response = await fetch(`${url}/boom?x=1`);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await response.json()).toMatchObject({
      type: `urn:workbook:problem:${code.toLowerCase().replaceAll('_', '-')}`,
      title: error.title,
      status,
      detail: error.message,
      instance: '/boom?x=1',
      code,
    });
  });

  it('lists the fields of a validation error under errors', () => {
    const { problem } = toProblem(
      new ValidationError('bad', [{ field: 'name', rule: 'required', message: 'name is required' }]),
    );
    expect(problem.errors).toEqual([{ field: 'name', rule: 'required', message: 'name is required' }]);
  });

  it('sets the headers an error asks for, such as Retry-After on 503', async () => {
    const url = await throwing(new ServiceUnavailableError('database down', 30));
    expect((await fetch(`${url}/boom`)).headers.get('retry-after')).toBe('30');
  });

  it('answers an unknown error with a bare 500 that leaks neither message nor stack, and reports it to the server', async () => {
    const onUnexpectedError = vi.fn();
    const secret = new Error('connect ECONNREFUSED 10.0.0.7:27017 user=admin');
    const url = await throwing(secret, onUnexpectedError);
    const response = await fetch(`${url}/boom`);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      code: 'INTERNAL',
      instance: '/boom',
    });
    expect(text).not.toMatch(/ECONNREFUSED|10\.0\.0\.7|at /);
    expect(onUnexpectedError).toHaveBeenCalledWith(secret, expect.anything());
  });

  it('answers 404 as a problem for a route nobody serves', async () => {
    const url = await throwing(new Error('unused'));
    const response = await fetch(`${url}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND', detail: 'No route for GET /nowhere' });
  });

  it('does not let an extension member overwrite status or type', () => {
    class Sneaky extends ConflictError {
      override extensions(): Record<string, unknown> {
        return { status: 200, type: 'about:blank', hint: 'kept' };
      }
    }
    const { problem } = toProblem(new Sneaky('x'));
    expect(problem).toMatchObject({ status: 409, type: 'urn:workbook:problem:conflict', hint: 'kept' });
  });
});

describe('createApp body handling', () => {
  const registerUser: RegisterUser = vi.fn(() => Promise.reject(new Error('must not be called')));

  it('answers malformed JSON with 400 MALFORMED_JSON and never calls the use case', async () => {
    server = await listen(createApp({ registerUser }));
    const response = await postJson(`${server.url}/users`, '{"name": "Ada", ');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'MALFORMED_JSON', status: 400 });
    expect(registerUser).not.toHaveBeenCalled();
  });

  it('answers a body over the limit with 413 and the limit in bytes', async () => {
    server = await listen(createApp({ registerUser, bodyLimit: 1024 }));
    const response = await postJson(`${server.url}/users`, { name: 'x'.repeat(2000) });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limitBytes: 1024 });
  });

  it('does not announce Express in x-powered-by', async () => {
    server = await listen(createApp({ registerUser }));
    const response = await fetch(`${server.url}/nowhere`);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
