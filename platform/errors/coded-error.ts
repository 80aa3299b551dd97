/**
 * The one root of every error the chapters and platform/ throw: a stable `code` for programs to branch on, a message
 * for people that says what was wrong and what is allowed, and an optional `cause`. It lives in platform/ because
 * every chapter may import platform/ and none may import a later chapter; Chapter 2's HTTP `AppError` builds on it.
 *
 * `name` is set here, once, from the class that was constructed (`new.target.name`), so a subclass never repeats
 * its own name and `String(error)` and log lines say which class failed.
 *
 * @example
 * export class QueueFullError extends CodedError {
 *   readonly code = 'QUEUE_FULL';
 * }
 * throw new QueueFullError('the queue holds 100 tasks; wait for one to finish', { cause });
 */
export abstract class CodedError extends Error {
  /** Stable identifier for programs, e.g. `DI_MISSING`; never changes when the message is reworded. */
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
