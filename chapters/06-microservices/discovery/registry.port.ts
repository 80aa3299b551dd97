/**
 * The registry port: what a service needs from service discovery, whatever stores it (Consul, etcd, memory).
 * Every adapter returns the same normalised `ServiceInstance`, from the first lookup to the thousandth refresh.
 */

/** One reachable instance of a service, as every adapter reports it. */
export interface ServiceInstance {
  /** Stable across restarts of the same instance, so a restart replaces its old entry instead of adding one. */
  readonly id: string;
  readonly service: string;
  /** The address other machines use to reach it (never `localhost` unless you configured it so). */
  readonly address: string;
  readonly port: number;
  readonly metadata: Readonly<Record<string, string>>;
}

/** What an instance says about itself when it registers. */
export interface InstanceRegistration {
  readonly service: string;
  /** Defaults to `stableInstanceId({ service, address, port })`. */
  readonly id?: string;
  readonly address: string;
  readonly port: number;
  readonly metadata?: Readonly<Record<string, string>>;
  /** Path the registry's health check calls (Consul runs it; etcd relies on the lease). Default `/health/ready`. */
  readonly healthPath?: string;
}

/** A live registration; `deregister()` removes it (idempotent). */
export interface Registration {
  readonly instance: ServiceInstance;
  deregister(): Promise<void>;
}

/** A list of instances kept up to date by the registry; during an outage it keeps serving the last good list. */
export interface InstanceWatch {
  /** The latest list the registry gave (the last good one while the registry is unreachable). */
  current(): readonly ServiceInstance[];
  /** Called with each new list; returns a function that removes the listener. */
  onChange(listener: (instances: readonly ServiceInstance[]) => void): () => void;
  close(): Promise<void>;
}

export interface ServiceRegistry {
  readonly kind: 'consul' | 'etcd' | 'in-memory';
  /** Registers an instance and keeps the registration alive until `deregister()` or `close()`. */
  register(registration: InstanceRegistration): Promise<Registration>;
  /** Healthy instances of `service` now: one request to the registry. */
  lookup(service: string): Promise<readonly ServiceInstance[]>;
  /** Resolves once the first list is loaded; then follows changes until closed. */
  watch(service: string): Promise<InstanceWatch>;
  /** Stops every watch and keep-alive this registry started; does NOT deregister (shutdown does that, in order). */
  close(): Promise<void>;
}

/** Where adapters report what they cannot throw (a refresh that failed in the background). */
export type DiscoveryLog = (line: string) => void;

/** `http://address:port`, with brackets around an IPv6 address. */
export function instanceBaseUrl(instance: Pick<ServiceInstance, 'address' | 'port'>): string {
  const host = instance.address.includes(':') ? `[${instance.address}]` : instance.address;
  return `http://${host}:${instance.port}`;
}
