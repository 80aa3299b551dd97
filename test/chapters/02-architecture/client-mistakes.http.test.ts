import express from 'express';
import { describe, expect, it, vi } from 'vitest';
import { jsonBody } from '../../../chapters/02-architecture/adapters/http/json-body.middleware.js';
import {
  notFound,
  problemDetails,
} from '../../../chapters/02-architecture/adapters/http/problem-details.middleware.js';
import { createUserController } from '../../../chapters/02-architecture/adapters/http/user.controller.js';
import { createUsersRouter } from '../../../chapters/02-architecture/adapters/http/users.router.js';
import { RecordingNotifier } from '../../../chapters/02-architecture/adapters/notifications/recording-notifier.js';
import { InMemoryOutbox } from '../../../chapters/02-architecture/adapters/outbox/in-memory-outbox.js';
import { InMemoryUserRepository } from '../../../chapters/02-architecture/adapters/persistence/in-memory-user.repository.js';
import { createRegisterUser } from '../../../chapters/02-architecture/application/register-user.use-case.js';
import { rawRequest, withServer } from '../../support/net.js';
import { fastHasher } from './support/fakes.js';

const json = Buffer.from(JSON.stringify({ name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' }));

// Each is the client's mistake: the answer is a 4xx problem document, never a 500 that would page on-call.
const mistakes: {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  status: number;
  code: string;
}[] = [
  {
    name: 'a charset the server cannot decode',
    method: 'POST',
    path: '/users',
    headers: { 'content-type': 'application/json; charset=bogus' },
    body: json,
    status: 415,
    code: 'UNSUPPORTED_CHARSET',
  },
  {
    name: 'a content-encoding the server does not support',
    method: 'POST',
    path: '/users',
    headers: { 'content-type': 'application/json', 'content-encoding': 'compress' },
    body: json,
    status: 415,
    code: 'UNSUPPORTED_CONTENT_ENCODING',
  },
  {
    name: 'a gzip body that is not gzip',
    method: 'POST',
    path: '/users',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: json,
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    // Left unparsed, the body would be blamed as missing ("expected object, received undefined").
    name: 'a JSON body sent as text/plain',
    method: 'POST',
    path: '/users',
    headers: { 'content-type': 'text/plain' },
    body: json,
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a body without a content-type',
    method: 'POST',
    path: '/users',
    headers: {},
    body: json,
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'a path with a broken percent-escape',
    method: 'GET',
    path: '/users/%E0%A4%A',
    headers: {},
    status: 400,
    code: 'BAD_REQUEST',
  },
];

describe("client mistakes through Chapter 2's body parser, router and problem details", () => {
  it.each(mistakes)('answers $status $code to $name, and logs nothing as unexpected', async (mistake) => {
    const onUnexpectedError = vi.fn();
    const registerUser = createRegisterUser({
      users: new InMemoryUserRepository(),
      hasher: fastHasher(),
      notifier: new RecordingNotifier(),
      outbox: new InMemoryOutbox(),
    });
    // Composed as a service composes the chapter's factories, plus a route with a parameter, so the router has a
    // percent-escape to decode.
    const app = express();
    app.use(jsonBody());
    app.use('/users', createUsersRouter(createUserController(registerUser)));
    app.get('/users/:id', (_req, res) => res.json({}));
    app.use(notFound());
    app.use(problemDetails({ onUnexpectedError }));
    await withServer(app, async (base) => {
      const response = await rawRequest(base, mistake.method, mistake.path, mistake.headers, mistake.body);
      expect(response.status).toBe(mistake.status);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: mistake.status, code: mistake.code });
    });
    expect(onUnexpectedError).not.toHaveBeenCalled();
  });
});
