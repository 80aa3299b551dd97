import type { Notifier } from '../../chapters/02-architecture/application/ports/notifier.port.js';
import { TodoError } from '../../workbook/todo-error.js';

/**
 * An adapter of the chapter's `Notifier` port that sends every welcome message through several other adapters
 * (an email API and a chat webhook, say). The use case still sees one Notifier: adding a channel touches the
 * composition root, not the application.
 *
 * @example
 * const notifier = fanOutNotifier([emailNotifier, slackNotifier]);
 * await notifier.sendWelcome({ userId, name, email });
 */
export function fanOutNotifier(_notifiers: readonly Notifier[]): Notifier {
  // TODO(02.8): the contract:
  // - an empty list is a misconfiguration: fanOutNotifier throws at once a RangeError whose message contains
  //   "at least one notifier";
  // - sendWelcome(message) hands the same message to every notifier, all of them started before any has finished,
  //   and resolves once they have all succeeded;
  // - a notifier that fails (rejects, or throws synchronously) does not stop the others: sendWelcome waits for all
  //   of them, then rejects with an AggregateError whose `errors` are the failures in the order of the list and
  //   whose message reads "<failed> of <total> notifiers failed" (e.g. "1 of 3 notifiers failed").
  throw new TodoError('02.8');
}
