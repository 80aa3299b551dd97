/** One running instance of a service, as other services find it. */
export interface ServiceInstance {
  readonly service: string;
  readonly id: string;
  readonly url: string;
}

/**
 * Service discovery as the capstone needs it. The in-memory adapter below is the default; the etcd adapter (issue
 * 16, `ETCD_URL`) implements the same port with leases, so a crashed instance disappears by itself.
 */
export interface ServiceRegistry {
  /** `in-memory` or `etcd`, named in the start-up output. */
  readonly kind: string;
  /** Announces an instance; the returned function withdraws it (called first on shutdown). */
  register(instance: ServiceInstance): Promise<() => Promise<void>>;
  instances(service: string): Promise<readonly ServiceInstance[]>;
}

/** Instances in a map: one process only, which is all the embedded mode has. */
export class InMemoryServiceRegistry implements ServiceRegistry {
  readonly kind = 'in-memory';
  readonly #instances = new Map<string, ServiceInstance>();

  async register(instance: ServiceInstance): Promise<() => Promise<void>> {
    const key = `${instance.service}/${instance.id}`;
    this.#instances.set(key, instance);
    return async () => {
      this.#instances.delete(key);
    };
  }

  async instances(service: string): Promise<readonly ServiceInstance[]> {
    return [...this.#instances.values()].filter((instance) => instance.service === service);
  }
}
