import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryOutbox } from '../../../chapters/02-architecture/adapters/outbox/in-memory-outbox.js';
import { InMemoryUserRepository } from '../../../chapters/02-architecture/adapters/persistence/in-memory-user.repository.js';
import type { PasswordHasher } from '../../../chapters/02-architecture/application/ports/password-hasher.port.js';
import { createRegisterUser } from '../../../chapters/02-architecture/application/register-user.use-case.js';
import { AssertingMailer, MailAssertionError } from '#exercise/05-testing/05-asserting-mailer';

const hasher: PasswordHasher = { hash: async (password) => `hashed:${password.length}`, verify: async () => false };
const message = (email: string): { userId: string; name: string; email: string } => ({
  userId: `id-${email}`,
  name: 'Test',
  email,
});

describe('05.5 a fake mailer with assertions', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('records the welcome email Chapter 2 registration sends, and finds it by address in any case', async () => {
    const mailer = new AssertingMailer();
    const registerUser = createRegisterUser({
      users: new InMemoryUserRepository(),
      hasher,
      notifier: mailer,
      outbox: new InMemoryOutbox(),
    });
    const { user } = await registerUser({
      name: 'Ada Lovelace',
      email: 'ada@example.test',
      password: 'correct horse battery',
    });
    expect(mailer.expectSentTo('ADA@example.test')).toEqual({
      userId: user.id,
      name: 'Ada Lovelace',
      email: 'ada@example.test',
    });
  });

  it('compares addresses in lower case, so ß and SS stay different letters', async () => {
    const mailer = new AssertingMailer();
    await mailer.sendWelcome(message('straße@example.test'));
    expect(() => mailer.expectSentTo('STRASSE@example.test')).toThrow(MailAssertionError);
    expect(mailer.expectSentTo('STRAßE@example.test').email).toBe('straße@example.test');
  });

  it('says what was sent when the expected email was not', async () => {
    const mailer = new AssertingMailer();
    await mailer.sendWelcome(message('grace@example.test'));
    expect(() => mailer.expectSentTo('ada@example.test')).toThrow(MailAssertionError);
    expect(() => mailer.expectSentTo('ada@example.test')).toThrow(
      'expected a welcome email to ada@example.test; sent: grace@example.test',
    );
    expect(() => mailer.expectNothingSent()).toThrow('expected no email; sent: grace@example.test');
    expect(() => new AssertingMailer().expectNothingSent()).not.toThrow();
  });

  it('waits for a message sent later, without polling, and resolves at once for one already sent', async () => {
    const mailer = new AssertingMailer();
    const waiting = mailer.waitForMessageTo('ada@example.test');
    setImmediate(() => {
      void mailer
        .sendWelcome(message('grace@example.test'))
        .then(() => mailer.sendWelcome(message('ada@example.test')));
    });
    expect((await waiting).email).toBe('ada@example.test');
    expect((await mailer.waitForMessageTo('grace@example.test')).email).toBe('grace@example.test');
  });

  it('gives up after the timeout with the list of what was sent (fake timers: no real waiting)', async () => {
    vi.useFakeTimers();
    const mailer = new AssertingMailer();
    await mailer.sendWelcome(message('grace@example.test'));
    const waiting = mailer.waitForMessageTo('ada@example.test', { timeoutMs: 5_000 });
    const assertion = expect(waiting).rejects.toThrow(
      'no welcome email to ada@example.test within 5000 ms; sent: grace@example.test',
    );
    await vi.advanceTimersByTimeAsync(5_000);
    await assertion;
  });

  it('fails the next send once, so the registration queues the email for a retry', async () => {
    const mailer = new AssertingMailer();
    const outbox = new InMemoryOutbox();
    const registerUser = createRegisterUser({ users: new InMemoryUserRepository(), hasher, notifier: mailer, outbox });
    mailer.failNext(new Error('SMTP 421 try later'));
    expect(
      (await registerUser({ name: 'Ada', email: 'ada@example.test', password: 'correct horse battery' })).welcome,
    ).toBe('queued');
    mailer.expectNothingSent();
    expect(
      (await registerUser({ name: 'Grace', email: 'grace@example.test', password: 'correct horse battery' })).welcome,
    ).toBe('sent');
  });

  it('matches addresses ignoring surrounding spaces on both sides, and returns the first match', async () => {
    const mailer = new AssertingMailer();
    await mailer.sendWelcome({ ...message(' Ada@Example.test '), name: 'First' });
    await mailer.sendWelcome({ ...message('ada@example.test'), name: 'Second' });
    expect(mailer.expectSentTo('ada@example.TEST  ').name).toBe('First');
    expect((await mailer.waitForMessageTo('  ADA@example.test')).name).toBe('First');
  });

  it('lists every address sent, in order, or says nothing was sent, with its error name and code', async () => {
    const mailer = new AssertingMailer();
    expect(() => mailer.expectSentTo('ada@example.test')).toThrow(
      expect.objectContaining({
        name: 'MailAssertionError',
        code: 'MAIL_ASSERTION_FAILED',
        message: 'expected a welcome email to ada@example.test; nothing was sent',
      }),
    );
    await mailer.sendWelcome(message('grace@example.test'));
    await mailer.sendWelcome(message('alan@example.test'));
    expect(() => mailer.expectSentTo('ada@example.test')).toThrow(
      'expected a welcome email to ada@example.test; sent: grace@example.test, alan@example.test',
    );
    expect(() => mailer.expectNothingSent()).toThrow('expected no email; sent: grace@example.test, alan@example.test');
  });

  it('clears its timer as soon as the message arrives (fake timers)', async () => {
    vi.useFakeTimers();
    const mailer = new AssertingMailer();
    const waiting = mailer.waitForMessageTo('ada@example.test', { timeoutMs: 5_000 });
    expect(vi.getTimerCount()).toBe(1);
    await mailer.sendWelcome(message('ada@example.test'));
    expect((await waiting).email).toBe('ada@example.test');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits 1000 ms by default, then rejects saying nothing was sent, and leaves no timer (fake timers)', async () => {
    vi.useFakeTimers();
    const mailer = new AssertingMailer();
    let outcome: unknown;
    mailer.waitForMessageTo('ada@example.test').then(
      () => (outcome = 'resolved'),
      (error: unknown) => (outcome = error),
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBeInstanceOf(MailAssertionError);
    expect((outcome as Error).message).toBe('no welcome email to ada@example.test within 1000 ms; nothing was sent');
    expect(vi.getTimerCount()).toBe(0);
  });
});
