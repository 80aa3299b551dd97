/** The welcome email's content, as the application sees it: no template, no transport. */
export interface WelcomeMessage {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
}

/** Sends messages to users (email today; an adapter decides how). */
export interface Notifier {
  sendWelcome(message: WelcomeMessage): Promise<void>;
}
