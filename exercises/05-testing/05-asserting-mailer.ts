import type { Notifier, WelcomeMessage } from '../../chapters/02-architecture/application/ports/notifier.port.js';
import { TodoError } from '../../workbook/todo-error.js';
// You will need it: import { EventEmitter } from 'node:events';

/** A mail assertion that did not hold; the message lists what was sent. */
export class MailAssertionError extends Error {
  override readonly name = 'MailAssertionError';
  readonly code = 'MAIL_ASSERTION_FAILED';
}

/** A fake mailer for tests: records, can fail once, and answers "was it sent?" without polling or sleeping. */
export class AssertingMailer implements Notifier {
  readonly sent: WelcomeMessage[] = [];

  // TODO(05.5): the next send rejects with `error` and records nothing; the one after works again.
  failNext(_error: Error): void {
    throw new TodoError('05.5');
  }

  // TODO(05.5): record the message (unless failNext armed a failure) and tell any waiter (an EventEmitter).
  async sendWelcome(_message: WelcomeMessage): Promise<void> {
    throw new TodoError('05.5');
  }

  // TODO(05.5): the message whose email equals `email` ignoring case and surrounding spaces, or a MailAssertionError
  // `expected a welcome email to <email>; sent: a@x, b@y` (or `; nothing was sent`).
  expectSentTo(_email: string): WelcomeMessage {
    throw new TodoError('05.5');
  }

  // TODO(05.5): MailAssertionError `expected no email; sent: ...` when anything was sent.
  expectNothingSent(): void {
    throw new TodoError('05.5');
  }

  // TODO(05.5): resolve at once when already sent; else listen for sends (one listener for the whole wait, so no
  // send is missed) and resolve on the matching one; after timeoutMs (default 1000) reject with MailAssertionError
  // `no welcome email to <email> within <timeoutMs> ms; sent: ...`. Remove the listener and clear the timer either way.
  waitForMessageTo(_email: string, _options: { timeoutMs?: number } = {}): Promise<WelcomeMessage> {
    throw new TodoError('05.5');
  }
}
