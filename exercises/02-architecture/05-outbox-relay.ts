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

// TODO(02.5): return a relay whose runOnce():
// - takes store.pending(), skips entries whose availableAt is after now();
// - sends each due entry with notifier.sendWelcome(entry.payload); on success store.remove(entry.id);
// - on failure: attempts = entry.attempts + 1; if attempts >= maxAttempts, store.bury(id, error message);
//   otherwise store.reschedule(id, { attempts, lastError, availableAt: now + baseDelayMs * 2 ** (entry.attempts - 1) });
// - keeps going after a failure, and returns how many were sent, rescheduled and buried;
// - never runs two passes at once: a call during a pass returns the same promise.
export function createOutboxRelay(_options: OutboxRelayOptions): OutboxRelay {
  throw new TodoError('02.5');
}
