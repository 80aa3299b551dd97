import type { Notifier, WelcomeMessage } from '../../chapters/02-architecture/application/ports/notifier.port.js';

/** A mail assertion that did not hold; the message lists what was sent. */
export class MailAssertionError extends Error {
  override readonly name = 'MailAssertionError';
  readonly code = 'MAIL_ASSERTION_FAILED';
}

const normalise = (email: string): string => email.trim().toLowerCase();

/** A fake mailer for tests: records, can fail once, and answers "was it sent?" without polling or sleeping. */
export class AssertingMailer implements Notifier {
  readonly sent: WelcomeMessage[] = [];
  /** Callbacks of the waitForMessageTo calls still waiting: each sees every message sent while it waits. */
  readonly #waiters = new Set<(message: WelcomeMessage) => void>();
  #failNext: Error | undefined;

  /** The next send rejects with `error` (and records nothing); later sends work again. */
  failNext(error: Error): void {
    this.#failNext = error;
  }

  async sendWelcome(message: WelcomeMessage): Promise<void> {
    const failure = this.#failNext;
    if (failure) {
      this.#failNext = undefined;
      throw failure;
    }
    this.sent.push(message);
    for (const waiter of this.#waiters) waiter(message);
  }

  /** The message to `email`, or a `MailAssertionError` listing what was sent. */
  expectSentTo(email: string): WelcomeMessage {
    const found = this.sent.find((message) => normalise(message.email) === normalise(email));
    if (!found) throw new MailAssertionError(`expected a welcome email to ${email}; ${this.#describeSent()}`);
    return found;
  }

  expectNothingSent(): void {
    if (this.sent.length > 0) throw new MailAssertionError(`expected no email; ${this.#describeSent()}`);
  }

  /** Resolves with the message to `email` as soon as it is sent (at once if it already was), or rejects after `timeoutMs`. */
  waitForMessageTo(email: string, { timeoutMs = 1_000 }: { timeoutMs?: number } = {}): Promise<WelcomeMessage> {
    const already = this.sent.find((message) => normalise(message.email) === normalise(email));
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      // One waiter for the whole wait: a loop of events.once() would miss a message sent between two of its awaits.
      const onSent = (message: WelcomeMessage): void => {
        if (normalise(message.email) !== normalise(email)) return;
        cleanup();
        resolve(message);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new MailAssertionError(`no welcome email to ${email} within ${timeoutMs} ms; ${this.#describeSent()}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(onSent);
      };
      this.#waiters.add(onSent);
    });
  }

  #describeSent(): string {
    return this.sent.length === 0
      ? 'nothing was sent'
      : `sent: ${this.sent.map((message) => message.email).join(', ')}`;
  }
}
