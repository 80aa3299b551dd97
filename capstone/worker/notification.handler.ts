import type { Collection, Db } from 'mongodb';
import type { DeliveredMessage } from '../../chapters/06-microservices/messaging.port.js';
import { orderOutcomeEventSchema, parsePayload } from './order-event.schemas.js';

/** A message to a customer, as a mail or push adapter would send it. */
export interface NotificationDocument {
  /** The event's message id: a redelivery writes the same document, never a second one. */
  _id: string;
  userId: string;
  orderId: string;
  text: string;
  createdAt: Date;
}

export async function openNotifications(db: Db): Promise<Collection<NotificationDocument>> {
  const notifications = db.collection<NotificationDocument>('notifications');
  await notifications.createIndex({ userId: 1, createdAt: -1 }, { name: 'user_recent' });
  return notifications;
}

/**
 * Handles `order.confirmed` and `order.rejected` (validated; a malformed one is dead-lettered): records the customer's
 * notification (the "sent" mail) once per message id, which is what makes it idempotent without a processed-id store.
 */
export function createNotificationHandler(
  notifications: Collection<NotificationDocument>,
  log: (fields: Record<string, unknown>, line: string) => void,
  onDuplicate: () => void = () => {},
): (message: DeliveredMessage) => Promise<void> {
  return async (message) => {
    const event = parsePayload(orderOutcomeEventSchema, message);
    const text =
      event.status === 'confirmed'
        ? `Your order ${event.orderId} is confirmed; total ${(event.totalCents / 100).toFixed(2)}`
        : `Your order ${event.orderId} was rejected: ${event.reason}`;
    // Keyed by the message id, inserted only once: a redelivered copy finds its notification and changes nothing.
    const written = await notifications.updateOne(
      { _id: message.messageId },
      { $setOnInsert: { userId: event.userId, orderId: event.orderId, text, createdAt: new Date() } },
      { upsert: true },
    );
    if (written.upsertedCount === 0) {
      onDuplicate();
      return;
    }
    log({ orderId: event.orderId, status: event.status }, 'customer notified');
  };
}
