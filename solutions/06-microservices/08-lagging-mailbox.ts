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

/** A mailbox: the producer's `post` succeeds whatever the consumer does. */
export function createMailbox<T>({ onError }: MailboxOptions<T>): Mailbox<T> {
  const waiting: T[] = [];
  const idleWaiters: (() => void)[] = [];
  let handler: MessageHandler<T> | undefined;
  let draining = false;

  async function drain(handle: MessageHandler<T>): Promise<void> {
    draining = true;
    while (waiting.length > 0) {
      const message = waiting[0] as T;
      try {
        await handle(message);
      } catch (error) {
        onError(error, message);
      }
      waiting.shift();
    }
    draining = false;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  const wake = (): void => {
    if (handler && !draining) void drain(handler);
  };

  return {
    post(message) {
      waiting.push(message);
      wake();
    },
    consume(next) {
      if (handler) throw new Error('this mailbox already has a consumer');
      handler = next;
      wake();
    },
    get backlog() {
      return waiting.length;
    },
    idle() {
      return waiting.length === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
