import type { Notifier } from '../../chapters/02-architecture/application/ports/notifier.port.js';

/**
 * An adapter of the chapter's `Notifier` port that sends every welcome message through several other adapters
 * (an email API and a chat webhook, say). The use case still sees one Notifier: adding a channel touches the
 * composition root, not the application.
 *
 * @example
 * const notifier = fanOutNotifier([emailNotifier, slackNotifier]);
 * await notifier.sendWelcome({ userId, name, email });
 */
export function fanOutNotifier(notifiers: readonly Notifier[]): Notifier {
  if (notifiers.length === 0) throw new RangeError('fanOutNotifier needs at least one notifier to send through');
  return {
    async sendWelcome(message) {
      // new Promise turns a synchronous throw into a rejection, so one broken adapter cannot stop the others.
      const outcomes = await Promise.allSettled(
        notifiers.map((notifier) => new Promise<void>((resolve) => resolve(notifier.sendWelcome(message)))),
      );
      const errors = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      if (errors.length === 0) return;
      throw new AggregateError(errors, `${errors.length} of ${notifiers.length} notifiers failed`);
    },
  };
}
