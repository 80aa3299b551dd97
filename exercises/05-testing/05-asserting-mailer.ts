import type { Notifier, WelcomeMessage } from '../../chapters/02-architecture/application/ports/notifier.port.js';
import { TodoError } from '../../workbook/todo-error.js';

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

  // TODO(05.5): record the message in `sent`, in the order sent, and let anyone waiting for it know at once; when
  // failNext armed a failure, reject with that error instead and record nothing.
  async sendWelcome(_message: WelcomeMessage): Promise<void> {
    throw new TodoError('05.5');
  }

  // TODO(05.5): the first message whose email equals `email`, ignoring case (as lower case: `ß` and `SS` are different
  // letters) and surrounding spaces on both sides, or a MailAssertionError
  // `expected a welcome email to <email>; sent: a@x, b@y` (or `...; nothing was sent`), listing the addresses as they
  // were sent.
  expectSentTo(_email: string): WelcomeMessage {
    throw new TodoError('05.5');
  }

  // TODO(05.5): MailAssertionError `expected no email; sent: a@x, b@y` when anything was sent.
  expectNothingSent(): void {
    throw new TodoError('05.5');
  }

  // TODO(05.5): the message to `email` (matched as in expectSentTo): at once when it was already sent, else as soon as
  // it is, however many other messages come first, with no polling and no sleeping. After timeoutMs (default 1000)
  // without it, reject with MailAssertionError `no welcome email to <email> within <timeoutMs> ms; sent: ...` (as in
  // expectSentTo). Either way leave nothing behind once it settles: no pending timer, no waiter kept around.
  waitForMessageTo(_email: string, _options: { timeoutMs?: number } = {}): Promise<WelcomeMessage> {
    throw new TodoError('05.5');
  }
}
