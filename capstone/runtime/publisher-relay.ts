import type { Collection, Db } from 'mongodb';
import type { EventBus } from '../../chapters/06-microservices/messaging.port.js';
import { ensurePublisherIndex, type OutboxDocument } from '../../chapters/06-microservices/mongo-outbox.js';
import { OutboxRelay, relayLease } from '../../chapters/06-microservices/outbox-relay.js';
import type { Logger } from '../../chapters/08-production/logging.js';
import type { ServiceLifecycle } from './service-lifecycle.js';

/**
 * Starts the relay that publishes one service's outbox entries (`publisher`) from `collection`, under that service's
 * lease, so one replica at a time publishes and the others stand by; the lifecycle closes it on shutdown.
 */
export async function openPublisherRelay<T extends OutboxDocument>(
  lifecycle: ServiceLifecycle,
  options: { db: Db; collection: Collection<T>; bus: EventBus; publisher: string; log: Logger },
): Promise<OutboxRelay<T>> {
  const { db, collection, bus, publisher, log } = options;
  await ensurePublisherIndex(collection);
  return lifecycle.open(
    'outbox relay',
    () => {
      const relay = new OutboxRelay({
        collection,
        bus,
        publisher,
        lease: relayLease(db, collection, publisher),
        log: (line) => log.warn(line),
      });
      relay.start();
      return relay;
    },
    (relay) => relay.close(),
  );
}
