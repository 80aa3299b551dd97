import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecordingNotifier } from '../../../chapters/02-architecture/adapters/notifications/recording-notifier.js';
import { InMemoryOutbox } from '../../../chapters/02-architecture/adapters/outbox/in-memory-outbox.js';
import { createApp } from '../../../chapters/02-architecture/app.js';
import { createRegisterUser } from '../../../chapters/02-architecture/application/register-user.use-case.js';
import { fastHasher } from './support/fakes.js';
import { listen, postJson, type RunningServer } from './support/http.js';
import { repositoryTargets, type LiveRepository } from './support/repositories.js';

const ada = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse battery' };

describe.each(repositoryTargets())('POST /users over HTTP with the $name', (target) => {
  let live: LiveRepository;
  let server: RunningServer;
  let notifier: RecordingNotifier;
  let outbox: InMemoryOutbox;
  let url: string;

  beforeEach(async () => {
    live = await target.open('registration_http');
    notifier = new RecordingNotifier();
    outbox = new InMemoryOutbox();
    const registerUser = createRegisterUser({ users: live.users, hasher: fastHasher(), notifier, outbox });
    // A body limit above 100 KB, so the 100 KB email reaches validation (the default 16 KB limit would answer 413 first).
    server = await listen(createApp({ registerUser, bodyLimit: '256kb', onUnexpectedError: vi.fn() }));
    url = `${server.url}/users`;
  });
  afterEach(async () => {
    await server.close();
    await live.close();
  });

  it('answers 201 with id, name, email and createdAt, a Location, and never the password or its hash', async () => {
    const response = await postJson(url, { ...ada, email: 'Ada@Example.com' });
    expect(response.status).toBe(201);
    expect(Object.keys(response.body).sort()).toEqual(['createdAt', 'email', 'id', 'name']);
    expect(response.body).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(new Date(String(response.body.createdAt)).toISOString()).toBe(response.body.createdAt);
    expect(response.headers.get('location')).toBe(`/users/${String(response.body.id)}`);
    expect(JSON.stringify(response.body)).not.toMatch(/password|scrypt|correct horse/);
  });

  // #region race
  it('answers one 201 and one 409 to two concurrent registrations of one email in different cases, storing one user', async () => {
    const responses = await Promise.all([
      postJson(url, { ...ada, email: 'ADA@example.com' }),
      postJson(url, { ...ada, email: 'ada@EXAMPLE.com' }),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    const conflict = responses.find((r) => r.status === 409);
    expect(conflict?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(conflict?.body).toMatchObject({
      status: 409,
      code: 'EMAIL_TAKEN',
      type: 'urn:workbook:problem:email-taken',
    });
    expect(await live.count()).toBe(1);
  });
  // #endregion race

  it('rejects an email over 254 characters and a 100 KB string as validation errors on the email field', async () => {
    for (const email of [
      `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`,
      'x'.repeat(100 * 1024),
    ]) {
      const response = await postJson(url, { ...ada, email });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'email', rule: expect.stringMatching(/max_length|too_big/) }),
      ]);
    }
    expect(await live.count()).toBe(0);
  });

  it.each([
    ['a missing name', { email: ada.email, password: ada.password }, 'name'],
    ['a numeric email', { ...ada, email: 42 }, 'email'],
    ['a null password', { ...ada, password: null }, 'password'],
    ['an array body', [ada], '(body)'],
  ])('answers 400, never 500, to %s', async (_label, body, field) => {
    const response = await postJson(url, body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it.each([
    ['a NUL', 'Ada\u0000'],
    ['a bell and a line break', 'Ada\u0007\nLovelace'],
    ['a right-to-left override, which makes a name display as another', 'Ada \u202egnp.exe'],
  ])('answers 400 on the name, storing nothing, to a name with %s', async (_label, name) => {
    const response = await postJson(url, { ...ada, name });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'printable' })]);
    expect(await live.count()).toBe(0);
  });

  it('answers 400 MALFORMED_JSON to a body that is JSON but not an object or array (strict parsing)', async () => {
    const response = await postJson(url, '"just a string"');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'MALFORMED_JSON',
      errors: [expect.objectContaining({ field: '(body)' })],
    });
  });

  it('answers 201 when the welcome email fails, stores the user and queues the email for a retry', async () => {
    notifier.failWith(new Error('SMTP 421'));
    const response = await postJson(url, ada);
    expect(response.status).toBe(201);
    expect(await live.count()).toBe(1);
    expect(await outbox.pending()).toEqual([
      expect.objectContaining({
        kind: 'welcome-email',
        lastError: 'SMTP 421',
        payload: expect.objectContaining({ userId: response.body.id }),
      }),
    ]);
  });
});
