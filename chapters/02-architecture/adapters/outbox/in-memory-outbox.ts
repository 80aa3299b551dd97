import type { Outbox, OutboxEntry } from '../../application/ports/outbox.port.js';

/** An entry that ran out of attempts, kept for a person to look at. */
export interface DeadLetter {
  readonly entry: OutboxEntry;
  readonly reason: string;
}

/**
 * Outbox entries in memory, in arrival order. Enough for tests and the demo; it is lost on restart, which is why
 * Chapter 6 replaces it with a MongoDB collection written together with the user.
 */
export class InMemoryOutbox implements Outbox {
  readonly #entries = new Map<string, OutboxEntry>();
  readonly #dead: DeadLetter[] = [];

  async enqueue(entry: OutboxEntry): Promise<void> {
    if (this.#entries.has(entry.id)) throw new Error(`outbox entry ${entry.id} is already queued`);
    this.#entries.set(entry.id, entry);
  }

  /** Every queued entry, oldest first. */
  async pending(): Promise<OutboxEntry[]> {
    return [...this.#entries.values()];
  }

  /** Delivered: forget it. */
  async remove(id: string): Promise<void> {
    this.#entries.delete(id);
  }

  /** Failed again: store the new attempt count, error and the time of the next try. */
  async reschedule(id: string, update: Pick<OutboxEntry, 'attempts' | 'lastError' | 'availableAt'>): Promise<void> {
    const entry = this.#entries.get(id);
    if (!entry) throw new Error(`outbox entry ${id} is not queued`);
    this.#entries.set(id, { ...entry, ...update });
  }

  /** Gave up: move it to the dead letters. */
  async bury(id: string, reason: string): Promise<void> {
    const entry = this.#entries.get(id);
    if (!entry) throw new Error(`outbox entry ${id} is not queued`);
    this.#entries.delete(id);
    this.#dead.push({ entry, reason });
  }

  /** Entries that were given up on. */
  deadLetters(): readonly DeadLetter[] {
    return [...this.#dead];
  }
}
