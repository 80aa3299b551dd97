import { describe, expect, it, vi } from 'vitest';
import { RecordingNotifier } from '../../../chapters/02-architecture/adapters/notifications/recording-notifier.js';
import { InMemoryOutbox } from '../../../chapters/02-architecture/adapters/outbox/in-memory-outbox.js';
import type { OutboxEntry } from '../../../chapters/02-architecture/application/ports/outbox.port.js';
import { createOutboxRelay } from '#exercise/02-architecture/05-outbox-relay';

const t0 = new Date('2025-05-01T12:00:00.000Z');

function entry(id: string, overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id,
    kind: 'welcome-email',
    payload: { userId: `user-${id}`, name: id, email: `${id}@example.com` },
    attempts: 1,
    lastError: 'SMTP 421',
    availableAt: t0,
    createdAt: t0,
    ...overrides,
  };
}

async function setup(entries: OutboxEntry[], clock = { now: t0 }) {
  const store = new InMemoryOutbox();
  for (const e of entries) await store.enqueue(e);
  const notifier = new RecordingNotifier();
  const relay = createOutboxRelay({ store, notifier, maxAttempts: 4, baseDelayMs: 1_000, now: () => clock.now });
  return { store, notifier, relay, clock };
}

describe('02.5 outbox relay', () => {
  it('sends due entries and removes them from the outbox', async () => {
    const { store, notifier, relay } = await setup([entry('a'), entry('b')]);
    expect(await relay.runOnce()).toEqual({ sent: 2, rescheduled: 0, buried: 0 });
    expect(notifier.sent.map((m) => m.email)).toEqual(['a@example.com', 'b@example.com']);
    expect(await store.pending()).toEqual([]);
  });

  it('leaves entries that are not due yet', async () => {
    const { notifier, relay } = await setup([entry('later', { availableAt: new Date(t0.getTime() + 1) })]);
    expect(await relay.runOnce()).toEqual({ sent: 0, rescheduled: 0, buried: 0 });
    expect(notifier.sent).toEqual([]);
  });

  it('reschedules a failure with the new attempt count, the error, and a delay that doubles', async () => {
    const { store, notifier, relay, clock } = await setup([entry('a')]);
    notifier.failWith(new Error('SMTP 451 local error'));

    expect(await relay.runOnce()).toEqual({ sent: 0, rescheduled: 1, buried: 0 });
    expect((await store.pending())[0]).toMatchObject({
      attempts: 2,
      lastError: 'SMTP 451 local error',
      availableAt: new Date(t0.getTime() + 1_000),
    });

    clock.now = new Date(t0.getTime() + 1_000);
    await relay.runOnce();
    expect((await store.pending())[0]).toMatchObject({
      attempts: 3,
      availableAt: new Date(clock.now.getTime() + 2_000),
    });
  });

  it('buries an entry once it reaches maxAttempts, and keeps it as a dead letter', async () => {
    const { store, notifier, relay } = await setup([entry('a', { attempts: 3 })]);
    notifier.failWith(new Error('mailbox does not exist'));
    expect(await relay.runOnce()).toEqual({ sent: 0, rescheduled: 0, buried: 1 });
    expect(await store.pending()).toEqual([]);
    expect(store.deadLetters()).toEqual([
      { entry: expect.objectContaining({ id: 'a' }), reason: 'mailbox does not exist' },
    ]);
  });

  it('keeps going after one entry fails', async () => {
    const { notifier, relay } = await setup([entry('bad'), entry('good')]);
    const send = vi.spyOn(notifier, 'sendWelcome');
    send.mockRejectedValueOnce(new Error('timeout'));
    expect(await relay.runOnce()).toEqual({ sent: 1, rescheduled: 1, buried: 0 });
    expect(notifier.sent.map((m) => m.email)).toEqual(['good@example.com']);
  });

  it('never runs two passes at once, so nothing is sent twice', async () => {
    const { notifier, relay } = await setup([entry('a')]);
    const [first, second] = await Promise.all([relay.runOnce(), relay.runOnce()]);
    expect(first).toEqual({ sent: 1, rescheduled: 0, buried: 0 });
    expect(second).toBe(first);
    expect(notifier.sent).toHaveLength(1);
  });

  it('records a thrown non-Error by its string form', async () => {
    const { store, notifier, relay } = await setup([entry('a')]);
    vi.spyOn(notifier, 'sendWelcome').mockRejectedValueOnce('SMTP 421 try later');
    expect(await relay.runOnce()).toEqual({ sent: 0, rescheduled: 1, buried: 0 });
    expect((await store.pending())[0]).toMatchObject({ attempts: 2, lastError: 'SMTP 421 try later' });
  });

  it('uses the real clock when no now is given', async () => {
    const store = new InMemoryOutbox();
    await store.enqueue(entry('due', { availableAt: new Date(Date.now() - 1_000) }));
    await store.enqueue(entry('later', { availableAt: new Date(Date.now() + 60 * 60 * 1_000) }));
    const notifier = new RecordingNotifier();
    const relay = createOutboxRelay({ store, notifier, maxAttempts: 4, baseDelayMs: 1_000 });
    expect(await relay.runOnce()).toEqual({ sent: 1, rescheduled: 0, buried: 0 });
    expect(notifier.sent.map((m) => m.email)).toEqual(['due@example.com']);
  });

  it('starts a new pass once the previous one has finished', async () => {
    const { store, notifier, relay } = await setup([entry('a')]);
    expect(await relay.runOnce()).toEqual({ sent: 1, rescheduled: 0, buried: 0 });
    await store.enqueue(entry('b'));
    expect(await relay.runOnce()).toEqual({ sent: 1, rescheduled: 0, buried: 0 });
    expect(notifier.sent.map((m) => m.email)).toEqual(['a@example.com', 'b@example.com']);
  });
});
