import { describe, expect, it } from 'vitest';
import type { Notifier, WelcomeMessage } from '../../../chapters/02-architecture/application/ports/notifier.port.js';
import { RecordingNotifier } from '../../../chapters/02-architecture/adapters/notifications/recording-notifier.js';
import { fanOutNotifier } from '#exercise/02-architecture/08-fan-out-notifier';

const welcome: WelcomeMessage = { userId: 'u-1', name: 'Ada', email: 'ada@example.com' };

/** A notifier whose send stays pending until the test finishes it. */
function heldNotifier(): Notifier & { started: WelcomeMessage[]; finish(): void } {
  const started: WelcomeMessage[] = [];
  let finish = (): void => {};
  return {
    started,
    finish: () => finish(),
    sendWelcome: (message) => {
      started.push(message);
      return new Promise<void>((resolve) => (finish = resolve));
    },
  };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('sendWelcome should have rejected'),
    (error: unknown) => error,
  );
}

describe('02.8 fanOutNotifier', () => {
  it('refuses an empty list of notifiers when it is wired', () => {
    expect(() => fanOutNotifier([])).toThrow(RangeError);
    expect(() => fanOutNotifier([])).toThrow(/at least one notifier/);
  });

  it('sends the same message through every notifier', async () => {
    const email = new RecordingNotifier();
    const chat = new RecordingNotifier();

    await fanOutNotifier([email, chat]).sendWelcome(welcome);

    expect(email.sent).toEqual([welcome]);
    expect(chat.sent).toEqual([welcome]);
  });

  it('starts every send before any has finished, and resolves only when all have', async () => {
    const slow = heldNotifier();
    const fast = new RecordingNotifier();
    let settled = false;

    const sending = fanOutNotifier([slow, fast])
      .sendWelcome(welcome)
      .then(() => (settled = true));
    await Promise.resolve();

    expect(slow.started).toEqual([welcome]);
    expect(fast.sent).toEqual([welcome]);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    slow.finish();
    await sending;
    expect(settled).toBe(true);
  });

  it('still sends through the others when one rejects, then rejects with the failure', async () => {
    const broken = new RecordingNotifier();
    broken.failWith(new Error('SMTP 421'));
    const chat = new RecordingNotifier();

    const error = await failureOf(fanOutNotifier([broken, chat]).sendWelcome(welcome));

    expect(chat.sent).toEqual([welcome]);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors.map((e: Error) => e.message)).toEqual(['SMTP 421']);
    expect((error as AggregateError).message).toBe('1 of 2 notifiers failed');
  });

  it('counts a notifier that throws synchronously as failed without stopping the others', async () => {
    const throwing: Notifier = {
      sendWelcome: () => {
        throw new TypeError('webhook URL missing');
      },
    };
    const email = new RecordingNotifier();

    const error = await failureOf(fanOutNotifier([throwing, email]).sendWelcome(welcome));

    expect(email.sent).toEqual([welcome]);
    expect((error as AggregateError).errors[0]).toBeInstanceOf(TypeError);
  });

  it('lists every failure in the order of the notifiers and counts them in the message', async () => {
    const first = new RecordingNotifier();
    first.failWith(new Error('email down'));
    const second = new RecordingNotifier();
    const third = new RecordingNotifier();
    third.failWith(new Error('chat down'));

    const error = await failureOf(fanOutNotifier([first, second, third]).sendWelcome(welcome));

    expect((error as AggregateError).errors.map((e: Error) => e.message)).toEqual(['email down', 'chat down']);
    expect((error as AggregateError).message).toBe('2 of 3 notifiers failed');
    expect(second.sent).toEqual([welcome]);
  });
});
