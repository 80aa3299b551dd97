import type { Notifier } from '../../chapters/02-architecture/application/ports/notifier.port.js';
import type { OutboxEntry } from '../../chapters/02-architecture/application/ports/outbox.port.js';

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

/** Retries queued welcome emails with exponential backoff, burying those that keep failing. */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const now = options.now ?? ((): Date => new Date());
  let running: Promise<RelayReport> | undefined;

  async function pass(): Promise<RelayReport> {
    const report = { sent: 0, rescheduled: 0, buried: 0 };
    const at = now();
    for (const entry of await options.store.pending()) {
      if (entry.availableAt.getTime() > at.getTime()) continue;
      try {
        await options.notifier.sendWelcome(entry.payload);
        await options.store.remove(entry.id);
        report.sent += 1;
      } catch (error) {
        // One failing entry must not stop the others: record it and move on.
        const attempts = entry.attempts + 1;
        const lastError = error instanceof Error ? error.message : String(error);
        if (attempts >= options.maxAttempts) {
          await options.store.bury(entry.id, lastError);
          report.buried += 1;
        } else {
          const delay = options.baseDelayMs * 2 ** (entry.attempts - 1);
          await options.store.reschedule(entry.id, {
            attempts,
            lastError,
            availableAt: new Date(at.getTime() + delay),
          });
          report.rescheduled += 1;
        }
      }
    }
    return report;
  }

  return {
    runOnce() {
      running ??= pass().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
