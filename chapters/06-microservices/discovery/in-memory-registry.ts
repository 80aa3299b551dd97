import { RegistryClosedError } from './discovery-error.js';
import { normaliseRegistration } from './instance-identity.js';
import type {
  InstanceRegistration,
  InstanceWatch,
  Registration,
  ServiceInstance,
  ServiceRegistry,
} from './registry.port.js';

type Listener = (instances: readonly ServiceInstance[]) => void;

/**
 * A registry in one process, for unit tests and the capstone's no-services mode. Same contract as the others:
 * registering an existing id replaces it, watchers get every new list, `close()` ends the watches.
 * Nothing expires by itself here: there is no other process whose crash it would need to notice.
 *
 * @example
 * const registry = new InMemoryRegistry();
 * const registration = await registry.register({ service: 'orders', address: '127.0.0.1', port: 3000 });
 */
export class InMemoryRegistry implements ServiceRegistry {
  readonly kind = 'in-memory';
  readonly #instances = new Map<string, Map<string, ServiceInstance>>();
  readonly #listeners = new Map<string, Set<Listener>>();
  #closed = false;

  async register(registration: InstanceRegistration): Promise<Registration> {
    this.#assertOpen();
    const instance = normaliseRegistration(registration);
    const byId = this.#instances.get(instance.service) ?? new Map<string, ServiceInstance>();
    this.#instances.set(instance.service, byId);
    byId.set(instance.id, instance);
    this.#notify(instance.service);
    let registered = true;
    return {
      instance,
      deregister: async () => {
        if (!registered) return;
        registered = false;
        // Only remove the entry this registration made (a restart with the same id may have replaced it).
        if (byId.get(instance.id) === instance) {
          byId.delete(instance.id);
          this.#notify(instance.service);
        }
      },
    };
  }

  async lookup(service: string): Promise<readonly ServiceInstance[]> {
    this.#assertOpen();
    return this.#list(service);
  }

  async watch(service: string): Promise<InstanceWatch> {
    this.#assertOpen();
    let current = this.#list(service);
    const own = new Set<Listener>();
    const forward: Listener = (instances) => {
      current = instances;
      for (const listener of [...own]) listener(instances);
    };
    const all = this.#listeners.get(service) ?? new Set<Listener>();
    this.#listeners.set(service, all);
    all.add(forward);
    return {
      current: () => current,
      onChange: (listener) => {
        own.add(listener);
        return () => own.delete(listener);
      },
      close: async () => {
        all.delete(forward);
        own.clear();
      },
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
  }

  #list(service: string): readonly ServiceInstance[] {
    return [...(this.#instances.get(service)?.values() ?? [])];
  }

  #notify(service: string): void {
    const instances = this.#list(service);
    for (const listener of [...(this.#listeners.get(service) ?? [])]) listener(instances);
  }

  #assertOpen(): void {
    if (this.#closed) throw new RegistryClosedError('this in-memory registry was closed');
  }
}
