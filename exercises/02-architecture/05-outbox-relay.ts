import type { Notifier } from '../../chapters/02-architecture/application/ports/notifier.port.js';
import type { OutboxEntry } from '../../chapters/02-architecture/application/ports/outbox.port.js';
import { TodoError } from '../../workbook/todo-error.js';

/** What the relay needs from an outbox; the chapter's InMemoryOutbox has exactly these methods. */
export interface OutboxStore {
  pending(): Promise<OutboxEntry[]>;
  remove(id: string): Promise<void>;
  reschedule(id: string, update: Pick<OutboxEntry, 'attempts' | 'lastError' | 'availableAt'>): Promise<void>;
  bury(id: string, reason: string): Promise<void>;
}

export interface OutboxRelayOptions {
  readonly store: OutboxStore;
  readonly notifier: Notifier;
  /** Attempts in total (the first one inside the request included) before an entry is buried. */
  readonly maxAttempts: number;
  /** Wait after the first failed retry; doubles after each further failure. */
  readonly baseDelayMs: number;
  readonly now?: () => Date;
}

export interface RelayReport {
  readonly sent: number;
  readonly rescheduled: number;
  readonly buried: number;
}

export interface OutboxRelay {
  /** One pass over the due entries. A call made while a pass runs gets that pass's report, not a second pass. */
  runOnce(): Promise<RelayReport>;
}

// TODO(02.5): return a relay whose runOnce() makes one pass over the outbox:
// - an entry whose availableAt is later than now() is left alone; every due entry is sent with
//   notifier.sendWelcome(entry.payload) and, once sent, removed from the store;
// - a send that fails counts one more attempt. An entry that has now had maxAttempts attempts is buried with the
//   error's message (String(error) for a thrown non-Error) as its reason; otherwise it is rescheduled with its new
//   attempt count, that message as lastError, and a later availableAt: with baseDelayMs 1000, an entry that had
//   1, 2, 3 attempts and fails now is due again 1 s, 2 s, 4 s after now();
// - now defaults to the real clock;
// - one failing entry does not stop the pass; the report counts the entries sent, rescheduled and buried;
// - never two passes at once: a call made during a pass gets that pass's promise.
export function createOutboxRelay(_options: OutboxRelayOptions): OutboxRelay {
  throw new TodoError('02.5');
}
