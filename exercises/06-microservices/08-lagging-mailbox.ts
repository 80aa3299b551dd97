import { TodoError } from '../../workbook/todo-error.js';

/** Handles one message; may be slow (return a promise) and may fail (throw or reject). */
export type MessageHandler<T> = (message: T) => void | Promise<void>;

export interface MailboxOptions<T> {
  /** Told about every message whose handler threw or rejected, with that error. Must not throw. */
  readonly onError: (error: unknown, message: T) => void;
}

/** A queue between a fast producer and a slow or absent consumer, in one process. */
export interface Mailbox<T> {
  /** Accepts a message; never throws and never waits, whether the consumer is missing, busy or failing. */
  post(message: T): void;
  /**
   * Attaches the one consumer. It receives the messages posted so far in the order they were posted, then each new
   * one, one at a time: the handler is not called again before its previous call has settled. A failed message is
   * given to `onError` and the next one follows. Throws an Error saying so when a consumer is already attached.
   */
  consume(handler: MessageHandler<T>): void;
  /** Messages posted and not yet handled; the message being handled counts until its handler settles. */
  readonly backlog: number;
  /** Resolves once the backlog is 0 (at once when it already is); never rejects. */
  idle(): Promise<void>;
}

/**
 * A mailbox: the producer's `post` succeeds whatever the consumer does, and the consumer works through the backlog at
 * its own pace, as a queue between a fast service and a slow one would let it.
 *
 * @example
 * const mailbox = createMailbox<Email>({ onError: (error, email) => log.warn({ error, to: email.to }, 'not sent') });
 * mailbox.post({ to: 'a@example.com' }); // returns at once, before any consumer exists
 * mailbox.consume(async (email) => send(email));
 * await mailbox.idle();
 */
export function createMailbox<T>(_options: MailboxOptions<T>): Mailbox<T> {
  // TODO(06.8): return a Mailbox<T> that behaves as described above.
  throw new TodoError('06.8');
}
