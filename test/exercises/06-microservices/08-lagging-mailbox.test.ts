import { describe, expect, it } from 'vitest';
import { createMailbox } from '#exercise/06-microservices/08-lagging-mailbox';

/** A handler whose calls the test settles one by one, and a promise for "the handler was called n times". */
function controlledHandler() {
  const received: string[] = [];
  const settle: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const waiters = new Map<number, () => void>();
  return {
    received,
    handler: (message: string) =>
      new Promise<void>((resolve, reject) => {
        received.push(message);
        settle.push({ resolve, reject });
        waiters.get(received.length)?.();
      }),
    /** Resolves once the handler has been called `count` times. */
    called: (count: number) =>
      received.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(count, resolve)),
    settle,
  };
}

const noErrors = { onError: (error: unknown) => expect.unreachable(`unexpected handler error: ${String(error)}`) };

describe('06.8 a mailbox that lets the consumer fall behind', () => {
  it('accepts messages with no consumer attached and keeps them in the backlog', async () => {
    const mailbox = createMailbox<string>(noErrors);
    expect(mailbox.backlog).toBe(0);
    await mailbox.idle();
    mailbox.post('a');
    mailbox.post('b');
    expect(mailbox.backlog).toBe(2);
  });

  it('gives a late consumer the backlog in order, then new messages', async () => {
    const mailbox = createMailbox<string>(noErrors);
    const seen: string[] = [];
    mailbox.post('a');
    mailbox.post('b');
    mailbox.consume((message) => void seen.push(message));
    mailbox.post('c');
    await mailbox.idle();
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(mailbox.backlog).toBe(0);
  });

  it('calls a slow handler one message at a time, counting the one in hand until it settles', async () => {
    const mailbox = createMailbox<string>(noErrors);
    const slow = controlledHandler();
    mailbox.consume(slow.handler);
    mailbox.post('a');
    mailbox.post('b');
    mailbox.post('c');
    await slow.called(1);
    expect(slow.received).toEqual(['a']);
    expect(mailbox.backlog).toBe(3);
    slow.settle[0]?.resolve();
    await slow.called(2);
    expect(slow.received).toEqual(['a', 'b']);
    expect(mailbox.backlog).toBe(2);
  });

  it('reports a failed message to onError and goes on with the next; post never throws', async () => {
    const failures: [unknown, string][] = [];
    const mailbox = createMailbox<string>({ onError: (error, message) => failures.push([error, message]) });
    const boom = new Error('smtp down');
    const seen: string[] = [];
    mailbox.consume((message) => {
      seen.push(message);
      if (message === 'bad') throw boom;
    });
    expect(() => mailbox.post('bad')).not.toThrow();
    mailbox.post('good');
    await mailbox.idle();
    expect(seen).toEqual(['bad', 'good']);
    expect(failures).toEqual([[boom, 'bad']]);
  });

  it('reports a rejected promise the same way', async () => {
    const failures: [unknown, string][] = [];
    const mailbox = createMailbox<string>({ onError: (error, message) => failures.push([error, message]) });
    const slow = controlledHandler();
    mailbox.consume(slow.handler);
    mailbox.post('x');
    mailbox.post('y');
    const boom = new Error('timeout');
    await slow.called(1);
    slow.settle[0]?.reject(boom);
    await slow.called(2);
    slow.settle[1]?.resolve();
    await mailbox.idle();
    expect(failures).toEqual([[boom, 'x']]);
  });

  it('resolves idle() only after the last message was handled', async () => {
    const mailbox = createMailbox<string>(noErrors);
    const slow = controlledHandler();
    const events: string[] = [];
    mailbox.post('a');
    mailbox.post('b');
    const idle = mailbox.idle().then(() => events.push('idle'));
    const alsoIdle = mailbox.idle().then(() => events.push('idle too'));
    mailbox.consume(slow.handler);
    await slow.called(1);
    events.push('a handled');
    slow.settle[0]?.resolve();
    await slow.called(2);
    events.push('b handled');
    slow.settle[1]?.resolve();
    await Promise.all([idle, alsoIdle]);
    expect(events).toEqual(['a handled', 'b handled', 'idle', 'idle too']);
  });

  it('handles messages posted after the backlog was emptied', async () => {
    const mailbox = createMailbox<string>(noErrors);
    const seen: string[] = [];
    mailbox.consume(async (message) => void seen.push(message));
    mailbox.post('a');
    await mailbox.idle();
    mailbox.post('b');
    await mailbox.idle();
    expect(seen).toEqual(['a', 'b']);
  });

  it('refuses a second consumer', () => {
    const mailbox = createMailbox<string>(noErrors);
    mailbox.consume(() => {});
    expect(() => mailbox.consume(() => {})).toThrow(/consumer/);
  });
});
