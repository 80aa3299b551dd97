import type { WelcomeMessage } from './notifier.port.js';

/** A message that could not be delivered at once and must be retried. */
export interface OutboxEntry {
  readonly id: string;
  readonly kind: 'welcome-email';
  readonly payload: WelcomeMessage;
  /** Delivery attempts made so far (1 after the failed attempt inside the request). */
  readonly attempts: number;
  readonly lastError: string;
  /** Not to be retried before this moment. */
  readonly availableAt: Date;
  readonly createdAt: Date;
}

/**
 * Records messages for a later retry, so a failed send is never lost. This chapter's adapter is in memory;
 * Chapter 6 stores entries in MongoDB in the same write as the user and adds a relay.
 */
export interface Outbox {
  enqueue(entry: OutboxEntry): Promise<void>;
}
