import type { Notifier, WelcomeMessage } from '../../application/ports/notifier.port.js';

/**
 * A notifier that records what it would send, and can be told to fail, for tests and the demo. A real adapter
 * (SMTP, an email API) implements the same one-method port.
 */
export class RecordingNotifier implements Notifier {
  readonly sent: WelcomeMessage[] = [];
  #failure: Error | undefined;

  /** Every later send rejects with `error` until `recover()`. */
  failWith(error: Error): void {
    this.#failure = error;
  }

  recover(): void {
    this.#failure = undefined;
  }

  async sendWelcome(message: WelcomeMessage): Promise<void> {
    if (this.#failure) throw this.#failure;
    this.sent.push(message);
  }
}
