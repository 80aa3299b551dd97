/**
 * Which MongoDB, Redis, broker and registry a service uses, chosen explicitly. `providersFromEnv` reads the
 * environment (what `npm start` does); a test builds the settings itself to force embedded or real services,
 * whatever REDIS_URL and AMQP_URL say.
 */
import type { EventBus } from '../../chapters/06-microservices/messaging.port.js';
import { connectEventBus } from '../../chapters/06-microservices/event-bus-provider.js';
import { InMemoryBroker } from '../../chapters/06-microservices/in-memory-event-bus.js';
import type { MongoProviderName } from '../../platform/mongo/provider.js';
import { connectRedis, type RedisHandle } from '../../platform/redis/redis-provider.js';
import type { RedisOptions } from 'ioredis';
import { redactUrl, type ProviderLog } from '../../platform/shared/provider-log.js';
import type { InMemoryRegistry } from '../../chapters/06-microservices/discovery/in-memory-registry.js';
import type { ServiceRegistry } from '../../chapters/06-microservices/discovery/registry.port.js';
import { InMemoryRegistry as InProcessRegistry } from '../../chapters/06-microservices/discovery/in-memory-registry.js';
import { connectRegistry } from '../../chapters/06-microservices/discovery/registry-provider.js';

export interface MongoChoice {
  readonly uri: string;
  /** For the start-up output: `uri`, `memory-server` or `embedded`. */
  readonly provider: MongoProviderName;
  readonly dbName: string;
}

export type RedisChoice = { readonly kind: 'redis'; readonly url: string } | { readonly kind: 'ioredis-mock' };

/** RabbitMQ, or an in-process broker that every service in this process shares (it cannot cross processes). */
export type BusChoice = { readonly kind: 'rabbitmq'; readonly url: string } | { readonly kind: 'in-memory'; readonly broker: InMemoryBroker };

/** etcd, or an in-process registry that every service in this process shares (its owner closes it). */
export type RegistryChoice = { readonly kind: 'etcd'; readonly url: string } | { readonly kind: 'in-memory'; readonly registry: InMemoryRegistry };

export interface ProviderSettings {
  readonly mongo: MongoChoice;
  readonly redis: RedisChoice;
  readonly bus: BusChoice;
  readonly registry: RegistryChoice;
}

/** The choices the environment makes: a URL means that service (or a clear failure), no URL the stand-in. */
export function providersFromEnv(
  mongo: MongoChoice,
  env: { REDIS_URL?: string | undefined; AMQP_URL?: string | undefined; ETCD_URL?: string | undefined; SERVICE_NAMESPACE: string },
  shared: { broker?: InMemoryBroker; registry?: InMemoryRegistry } = {},
): ProviderSettings {
  return {
    mongo,
    redis: env.REDIS_URL ? { kind: 'redis', url: env.REDIS_URL } : { kind: 'ioredis-mock' },
    bus: env.AMQP_URL ? { kind: 'rabbitmq', url: env.AMQP_URL } : { kind: 'in-memory', broker: shared.broker ?? new InMemoryBroker(env.SERVICE_NAMESPACE) },
    registry: env.ETCD_URL ? { kind: 'etcd', url: env.ETCD_URL } : { kind: 'in-memory', registry: shared.registry ?? new InProcessRegistry() },
  };
}

/** Opens Redis as chosen. An empty URL is how the provider is told "the stand-in", whatever REDIS_URL says. */
export function openRedis(choice: RedisChoice, options: RedisOptions, log: ProviderLog): Promise<RedisHandle> {
  return connectRedis({ url: choice.kind === 'redis' ? choice.url : '', options, log });
}

/** Opens a bus client as chosen; `connectionName` shows in RabbitMQ's connection list. */
export async function openBus(choice: BusChoice, options: { connectionName: string; exchange: string }, log: ProviderLog): Promise<EventBus> {
  if (choice.kind === 'in-memory') {
    log('amqp: in-memory broker (in-process stand-in; set AMQP_URL to use RabbitMQ). No persistence, no other processes.');
    if (choice.broker.exchange !== options.exchange) {
      throw new RangeError(`the in-memory broker routes exchange "${choice.broker.exchange}", not "${options.exchange}": make it with new InMemoryBroker(SERVICE_NAMESPACE)`);
    }
    return choice.broker.connect();
  }
  // An empty URL would make the platform provider fall back to a private in-memory broker: refuse it instead.
  if (!choice.url) throw new RangeError('the rabbitmq bus choice needs a non-empty amqp:// URL');
  return connectEventBus({ url: choice.url, connectionName: options.connectionName, exchange: options.exchange, log });
}

/** The registry as chosen, and what closing it means: etcd's watches and keep-alives are ours; a shared one is not. */
export async function openRegistry(choice: RegistryChoice, namespace: string, log: ProviderLog): Promise<{ registry: ServiceRegistry; close(): Promise<void> }> {
  if (choice.kind === 'in-memory') {
    log('registry: in-memory (in-process stand-in; set ETCD_URL to use etcd). No other processes, no lease expiry.');
    return { registry: choice.registry, close: async () => {} };
  }
  if (!choice.url) throw new RangeError('the etcd registry choice needs a non-empty http:// URL');
  const handle = await connectRegistry({ url: choice.url, prefix: `${namespace}/`, log });
  return { registry: handle.registry, close: () => handle.close() };
}

/** One line per dependency for the start-up banner. */
export function describeProviders(settings: ProviderSettings): Record<'mongo' | 'redis' | 'amqp' | 'registry', string> {
  const mongo =
    settings.mongo.provider === 'uri'
      ? 'MongoDB at MONGODB_URI'
      : settings.mongo.provider === 'memory-server'
        ? 'mongodb-memory-server (a real mongod started for this run)'
        : 'embedded engine (in-process stand-in; set MONGODB_URI for a real MongoDB)';
  return {
    mongo: `${mongo}, database "${settings.mongo.dbName}"`,
    redis: settings.redis.kind === 'redis' ? `Redis at ${redactUrl(settings.redis.url)}` : 'ioredis-mock (in-process stand-in; set REDIS_URL)',
    amqp: settings.bus.kind === 'rabbitmq' ? `RabbitMQ at ${redactUrl(settings.bus.url)}` : 'in-memory broker (in-process stand-in; set AMQP_URL)',
    registry: settings.registry.kind === 'etcd' ? `etcd at ${redactUrl(settings.registry.url)}` : 'in-memory registry (in-process stand-in; set ETCD_URL)',
  };
}
