import type { Db } from 'mongodb';
import type { Redis } from 'ioredis';
import type { EventBus } from '../../chapters/06-microservices/messaging.port.js';
import type { DependencyCheck } from '../../chapters/08-production/health.js';

/** Readiness checks for Chapter 8's `Health`, one per dependency, each bounded by the health module's timeout; Redis is non-critical. */
export function dependencyChecks(deps: { db: Db; redis?: Redis; bus: EventBus }): DependencyCheck[] {
  const checks: DependencyCheck[] = [
    {
      name: 'mongo',
      check: async () => {
        await deps.db.command({ ping: 1 });
      },
    },
    {
      name: 'amqp',
      check: async () => {
        // The RabbitMQ bus says whether it holds a connection; the in-memory broker is always there.
        const connected = (deps.bus as { connected?: unknown }).connected;
        if (connected === false) throw new Error('no connection to RabbitMQ (reconnecting)');
      },
    },
  ];
  const redis = deps.redis;
  if (redis) {
    // Not critical: without Redis the limiters fall back to per-process counts and the cache to the database, so the
    // instance still serves. Readiness says `degraded` and names it, instead of pulling every replica from rotation.
    checks.push({
      name: 'redis',
      critical: false,
      check: async () => {
        await redis.ping();
      },
    });
  }
  return checks;
}
