/**
 * Which MongoDB, Redis, broker and registry a service uses, chosen explicitly. The production entry names real
 * services by URL (`servicesFromConfig`); a caller that wants stand-ins (the workbook's `npm start`, a test) builds
 * them itself and hands them in as a `stand-in` choice, so nothing under capstone/ loads a stand-in.
 */
import type { RedisOptions } from 'ioredis';
import { connectAmqpEventBus } from '../../chapters/06-microservices/amqp-event-bus.js';
import { EtcdRegistry } from '../../chapters/06-microservices/discovery/etcd-registry.js';
import type { ServiceRegistry } from '../../chapters/06-microservices/discovery/registry.port.js';
import type { EventBus } from '../../chapters/06-microservices/messaging.port.js';
import { connectRedis, type RedisHandle } from '../../platform/redis/redis-provider.js';
import { redactUrl, type ProviderLog } from '../../platform/shared/provider-log.js';
import type { CapstoneConfig } from '../config.js';
import { CodedError } from '../../platform/errors/coded-error.js';

export interface MongoChoice {
  readonly uri: string;
  /** For the start-up output: `uri` (MONGODB_URI), `memory-server` or `embedded` (stand-ins the workbook starts). */
  readonly provider: 'uri' | 'memory-server' | 'embedded';
  readonly dbName: string;
}

/** A stand-in the caller built: `description` names it in the start-up output and says which variable replaces it. */
export interface StandIn {
  readonly kind: 'stand-in';
  readonly description: string;
}

export type RedisChoice =
  | { readonly kind: 'redis'; readonly url: string }
  | (StandIn & { open(options: RedisOptions, log: ProviderLog): Promise<RedisHandle> });

/** RabbitMQ, or a stand-in broker every service of one process shares (the caller closes it). */
export type BusChoice =
  | { readonly kind: 'rabbitmq'; readonly url: string }
  | (StandIn & { connect(options: { exchange: string }): Promise<EventBus> });

/**
 * etcd; none (the platform's own discovery, e.g. a Kubernetes Service, routes traffic); or a stand-in registry
 * the caller owns and closes.
 */
export type RegistryChoice =
  | { readonly kind: 'etcd'; readonly url: string }
  | { readonly kind: 'none' }
  | (StandIn & { readonly registry: ServiceRegistry });

export interface ProviderSettings {
  readonly mongo: MongoChoice;
  readonly redis: RedisChoice;
  readonly bus: BusChoice;
  readonly registry: RegistryChoice;
}

/** The variables the production entry needs; ETCD_URL is optional (without it, nothing registers). */
export const REQUIRED_SERVICES = ['MONGODB_URI', 'REDIS_URL', 'AMQP_URL'] as const;

/** `capstone/main.ts` was started without a service it needs: it never substitutes a stand-in. */
export class MissingServicesError extends CodedError {
  readonly code = 'SERVICES_MISSING';

  constructor(readonly missing: readonly string[]) {
    super(
      `The orders service needs ${REQUIRED_SERVICES.join(', ')} (missing: ${missing.join(', ')}); it talks only to the services they name. ` +
        'For development, `npm start` runs it on in-process stand-ins.',
    );
  }
}

// #region production-services
/**
 * The real services the configuration names. Throws MissingServicesError naming every missing variable: a
 * production process that started on a stand-in would lose data without a word.
 *
 * @example
 * const providers = servicesFromConfig(loadConfig(process.env)); // MONGODB_URI, REDIS_URL, AMQP_URL set
 */
export function servicesFromConfig(
  config: Pick<CapstoneConfig, (typeof REQUIRED_SERVICES)[number] | 'ETCD_URL' | 'MONGODB_DB'>,
): ProviderSettings {
  const missing = REQUIRED_SERVICES.filter((name) => !config[name]);
  if (missing.length > 0 || !config.MONGODB_URI || !config.REDIS_URL || !config.AMQP_URL)
    throw new MissingServicesError(missing);
  return {
    mongo: { uri: config.MONGODB_URI, provider: 'uri', dbName: config.MONGODB_DB },
    redis: { kind: 'redis', url: config.REDIS_URL },
    bus: { kind: 'rabbitmq', url: config.AMQP_URL },
    registry: config.ETCD_URL ? { kind: 'etcd', url: config.ETCD_URL } : { kind: 'none' },
  };
}
// #endregion production-services

/** Opens Redis as chosen: the URL must answer (else RedisUnavailableError), or the caller's stand-in. */
export function openRedis(choice: RedisChoice, options: RedisOptions, log: ProviderLog): Promise<RedisHandle> {
  if (choice.kind === 'stand-in') return choice.open(options, log);
  // An empty URL would make the platform provider pick its in-process stand-in: refuse it instead.
  if (!choice.url) throw new RangeError('the redis choice needs a non-empty redis:// URL');
  return connectRedis({ url: choice.url, options, log });
}

/** Opens a bus client as chosen; `connectionName` shows in RabbitMQ's connection list. */
export async function openBus(
  choice: BusChoice,
  options: { connectionName: string; exchange: string },
  log: ProviderLog,
): Promise<EventBus> {
  if (choice.kind === 'stand-in') {
    log(`amqp: ${choice.description}`);
    return choice.connect({ exchange: options.exchange });
  }
  if (!choice.url) throw new RangeError('the rabbitmq bus choice needs a non-empty amqp:// URL');
  // The first connection must succeed (BrokerUnreachableError otherwise): a wrong URL fails at start-up.
  const bus = await connectAmqpEventBus({
    url: choice.url,
    connectionName: options.connectionName,
    exchange: options.exchange,
    log,
  });
  log(`amqp: RabbitMQ at ${redactUrl(choice.url)} (AMQP_URL)`);
  return bus;
}

/**
 * The registry as chosen, and what closing it means: etcd's watches and keep-alives are ours; a stand-in is its
 * owner's. Undefined for `none`: the service registers nowhere.
 */
export async function openRegistry(
  choice: RegistryChoice,
  namespace: string,
  log: ProviderLog,
): Promise<{ registry: ServiceRegistry; close(): Promise<void> } | undefined> {
  if (choice.kind === 'none') {
    log('registry: none (ETCD_URL unset): the platform routes traffic, e.g. a Kubernetes Service');
    return undefined;
  }
  if (choice.kind === 'stand-in') {
    log(`registry: ${choice.description}`);
    return { registry: choice.registry, close: async () => {} };
  }
  if (!choice.url) throw new RangeError('the etcd registry choice needs a non-empty http:// URL');
  // An unreachable etcd fails the first registration, so start-up stops with etcd's error.
  const registry = new EtcdRegistry({ url: choice.url, prefix: `${namespace}/`, log });
  log(`registry: etcd at ${redactUrl(choice.url)} (ETCD_URL)`);
  return { registry, close: () => registry.close() };
}

/** One line per dependency for the start-up output. */
export function describeProviders(settings: ProviderSettings): Record<'mongo' | 'redis' | 'amqp' | 'registry', string> {
  const mongo =
    settings.mongo.provider === 'uri'
      ? 'MongoDB at MONGODB_URI'
      : settings.mongo.provider === 'memory-server'
        ? 'mongodb-memory-server (a real mongod started for this run)'
        : 'embedded engine (in-process stand-in; set MONGODB_URI for a real MongoDB)';
  const { redis, bus, registry } = settings;
  return {
    mongo: `${mongo}, database "${settings.mongo.dbName}"`,
    redis: redis.kind === 'redis' ? `Redis at ${redactUrl(redis.url)}` : redis.description,
    amqp: bus.kind === 'rabbitmq' ? `RabbitMQ at ${redactUrl(bus.url)}` : bus.description,
    registry:
      registry.kind === 'etcd'
        ? `etcd at ${redactUrl(registry.url)}`
        : registry.kind === 'none'
          ? 'none (ETCD_URL unset)'
          : registry.description,
  };
}
